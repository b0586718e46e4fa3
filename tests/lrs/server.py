"""A cmi5 LMS with its xAPI 1.0.3 LRS in a thread, for tests: launch an AU, store and check what it sends.

It serves what an AU uses (xAPI-Communication 2.1 statements, 2.3 state, 2.6 activity profile,
2.5 agent profile, 2.8 about) plus the cmi5 fetch URL (cmi5 8.2), on 127.0.0.1 at a free port.
Statements that are not valid xAPI are refused (400); statements that break a cmi5 rule are stored
and the breach is recorded in `breaches`, so one run shows every breach at once.

It is as strict and as slow as the real systems an AU meets (house rule 29):

- ADL's LRS (ADL_LRS) answers 409 to a batch that holds any statement id it already stored and
  stores nothing of that batch (`duplicates="reject-batch"`, the default); `duplicates="ignore"`
  is the other answer xAPI allows (a repeated id with the same content is no new statement).
- ADL's LRS takes seconds to store a batch: `delay` holds every xAPI request that long before it
  is handled (set it at any time).
- CATAPULT's player sits in front of its LRS as a proxy that checks each statement before the LRS
  sees it: a cmi5 defined verb the session already stored is refused (401) as `9.3.0.0-2`, and
  once the session's `terminated` is stored any request with its token is refused (401) as
  `9.3.0.0-5` (statements) or `8.1.2.0-2` (anything else).
- `fail_next` / `fail_for`: an LRS that fails for a while, then recovers.

`tincan_launch` launches a TinCan package instead (the Rustici launch: endpoint, auth, actor,
registration, optionally activity_id, in the query): the same strict xAPI LRS, no cmi5 session rules,
but the rules a TinCan LMS relies on are recorded as breaches (`tincan-*`): every statement in the
launch's registration and by the launched learner, and nothing after the session's terminated.
"""

from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from compiler.targets.cmi5.rules import (
    ABANDONED,
    CMI5_CATEGORY,
    LAUNCH_MODE,
    LAUNCH_URL,
    LAUNCHED,
    MASTERY_SCORE,
    MOVE_ON,
    Breach,
    LaunchData,
    RegistrationRecord,
    SessionRules,
    agent_identity,
)
from compiler.targets.xapi import statement_problems

XAPI_VERSION = "1.0.3"
LAUNCH_DATA = "LMS.LaunchData"
PREFERENCES = "cmi5LearnerPreferences"
# Activity ids the LMS generates for AUs (cmi5 8.1: never the publisher's id, the same on every launch).
ACTIVITY_BASE = "https://lms.coursec-test.invalid/au/"
_JSON = "application/json"


@dataclass(frozen=True)
class Launch:
    """One AU launch prepared by the LMS."""

    url: str
    """The AU URL with the cmi5 launch parameters (cmi5 8.1)."""
    data: LaunchData
    fetch_url: str
    auth_token: str


@dataclass(frozen=True)
class TinCanLaunch:
    """One TinCan launch prepared by the LMS."""

    url: str
    """The package URL with the TinCan launch parameters."""
    actor: dict[str, Any]
    """The learner as an xAPI 1.0 Agent (the URL may carry the 0.95 form)."""
    registration: str | None
    activity_id: str
    auth: str
    """The Authorization header value the LMS handed over."""


@dataclass
class _Session:
    launch: LaunchData
    rules: SessionRules
    fetch_key: str
    token: str
    started: datetime
    last_statement: datetime
    fetched: bool = False
    abandoned: bool = False
    tincan: bool = False
    """A TinCan launch: no cmi5 rules, the tincan-* ones."""
    terminated: bool = False
    """A TinCan session's terminated is stored."""


@dataclass
class _Reply:
    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, value: object, **headers: str) -> _Reply:
        return cls(status, json.dumps(value, separators=(",", ":")).encode(), _JSON, dict(headers))

    @classmethod
    def error(cls, status: int, message: str) -> _Reply:
        return cls(status, message.encode(), "text/plain; charset=utf-8")


class _Refusal(Exception):
    def __init__(self, reply: _Reply) -> None:
        self.reply = reply


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Exchange:
    """One xAPI request as the LRS saw it: times in seconds since the server started."""

    received: float
    answered: float
    method: str
    resource: str
    status: int
    verbs: tuple[str, ...] = ()
    """The last path segment of each statement's verb in a POST or PUT of statements."""

    def __str__(self) -> str:
        verbs = f" [{', '.join(self.verbs)}]" if self.verbs else ""
        return f"{self.received:7.3f}s -> {self.answered:7.3f}s  {self.method:4} {self.resource} {self.status}{verbs}"


Duplicates = Literal["reject-batch", "ignore"]


class LRSServer:
    """The test LMS/LRS. Use as a context manager, or start() and stop()."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        duplicates: Duplicates = "reject-batch",
        delay: float = 0.0,
    ) -> None:
        self._clock = clock
        self.duplicates: Duplicates = duplicates
        """How a batch holding a stored statement id is answered (see the module docstring)."""
        self.delay = delay
        """Seconds every xAPI request waits before it is handled (not CORS preflights, not the fetch URL)."""
        self.exchanges: list[Exchange] = []
        """Every xAPI request answered, in the order answered: the statement timeline of a test."""
        self._epoch = time.monotonic()
        self.statements: list[dict[str, Any]] = []
        """Stored statements, in the order they arrived (the LMS's own launched statements included)."""
        self.breaches: list[Breach] = []
        """Every cmi5 or xAPI rule broken so far."""
        self.requests: list[tuple[str, str, int]] = []
        """(method, path, status) of every request answered."""
        self.failures_served = 0
        self._lock = threading.Lock()
        self._stored = threading.Condition(self._lock)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._sessions: dict[str, _Session] = {}
        self._registrations: dict[tuple[str, str], RegistrationRecord] = {}
        self._documents: dict[tuple[str, ...], tuple[str, bytes]] = {}
        self._fail_remaining = 0
        self._fail_until = 0.0
        self._fail_status = 503
        self._fail_resource: str | None = None
        self._lose_answers = 0

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> LRSServer:
        """Listen on 127.0.0.1 at a free port, in a daemon thread."""
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.lrs = self  # type: ignore[attr-defined]  # the handler finds its LRS here
        self._server = server
        # A short poll interval: stop() waits for the serving loop to notice, once per test.
        self._thread = threading.Thread(target=server.serve_forever, args=(0.02,), name="test-lrs", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and close the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = None
        self._thread = None

    def __enter__(self) -> LRSServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:<port>, no trailing slash."""
        assert self._server is not None, "the LRS is not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def endpoint(self) -> str:
        """The xAPI endpoint given to AUs (ends with '/', as cmi5 8.1 shows)."""
        return self.base_url + "/xapi/"

    # ------------------------------------------------------------------ test controls

    def launch(
        self,
        au_url: str,
        *,
        publisher_id: str,
        registration: str | None = None,
        actor: dict[str, Any] | None = None,
        launch_mode: str = "Normal",
        launch_method: str = "AnyWindow",
        move_on: str = "NotApplicable",
        mastery_score: float | None = None,
        return_url: str | None = None,
        entitlement_key: str | None = None,
        launch_parameters: str | None = None,
        template_extensions: dict[str, Any] | None = None,
        learner_preferences: dict[str, str] | None = None,
    ) -> Launch:
        """Prepare a launch as a cmi5 LMS does: LaunchData in the State API, launched statement, URL.

        A second launch with the same registration is a new session of the same registration; an
        earlier session of it without terminated is recorded as abandoned first (cmi5 9.3.6).
        learner_preferences become the learner's cmi5LearnerPreferences agent profile (cmi5 11).
        """
        actor = actor or {
            "objectType": "Agent",
            "account": {"homePage": "https://lms.coursec-test.invalid", "name": "learner-1"},
        }
        registration = registration or str(uuid.uuid4())
        activity_id = ACTIVITY_BASE + hashlib.sha256(publisher_id.encode()).hexdigest()[:16]
        data = LaunchData(
            actor=actor,
            registration=registration,
            activity_id=activity_id,
            session_id=str(uuid.uuid4()),
            publisher_id=publisher_id,
            launch_mode=launch_mode,
            launch_method=launch_method,
            move_on=move_on,
            mastery_score=mastery_score,
            return_url=return_url,
            entitlement_key=entitlement_key,
            launch_parameters=launch_parameters,
            template_extensions=template_extensions or {},
        )
        token = base64.b64encode(f"session-{data.session_id}:{secrets.token_hex(8)}".encode()).decode()
        fetch_key = secrets.token_urlsafe(12)
        with self._lock:
            for earlier in self._sessions.values():
                same = (earlier.launch.registration, earlier.launch.activity_id) == (registration, activity_id)
                if same and not earlier.rules.terminated and not earlier.abandoned:
                    self._abandon(earlier)
            record = self._registrations.setdefault((registration, activity_id), RegistrationRecord())
            now = datetime.now(UTC)
            self._sessions[token] = _Session(data, SessionRules(data, record), fetch_key, token, now, now)
            key = self._state_key(activity_id, actor, registration)
            self._documents[(*key, LAUNCH_DATA)] = (_JSON, json.dumps(data.document()).encode())
            if learner_preferences is not None:
                profile = ("agent-profile", json.dumps(agent_identity(actor)), PREFERENCES)
                self._documents[profile] = (_JSON, json.dumps(learner_preferences).encode())
            self._store(self._lms_statement(data, LAUNCHED, self._launch_extensions(data, au_url)))
        fetch_url = f"{self.base_url}/fetch/{fetch_key}"
        parameters = {
            "endpoint": self.endpoint,
            "fetch": fetch_url,
            "actor": json.dumps(actor, separators=(",", ":")),
            "registration": registration,
            "activityId": activity_id,
        }
        separator = "&" if "?" in au_url else "?"
        url = au_url + separator + urlencode(parameters, quote_via=quote)
        return Launch(url=url, data=data, fetch_url=fetch_url, auth_token=token)

    def tincan_launch(
        self,
        package_url: str,
        *,
        activity_id: str,
        registration: str | None = "",
        actor: dict[str, Any] | None = None,
        legacy_actor: bool = False,
        pass_activity_id: bool = False,
    ) -> TinCanLaunch:
        """Prepare a launch as a TinCan LMS does: credentials for the learner, the launch URL.

        registration "" makes a new one, None launches without (some LMSs send none);
        legacy_actor sends the actor in the 0.95 form (arrays) as older LMSs still do;
        pass_activity_id adds activity_id to the query (many LMSs leave it out).
        """
        actor = actor or {"objectType": "Agent", "name": "Jane Doe", "mbox": "mailto:learner-1@coursec-test.invalid"}
        if registration == "":
            registration = str(uuid.uuid4())
        token = base64.b64encode(f"tincan-{uuid.uuid4()}:{secrets.token_hex(8)}".encode()).decode()
        data = LaunchData(
            actor=actor,
            registration=registration or "",
            activity_id=activity_id,
            session_id=str(uuid.uuid4()),
            publisher_id=activity_id,
        )
        with self._lock:
            record = self._registrations.setdefault((registration or "", activity_id), RegistrationRecord())
            now = datetime.now(UTC)
            self._sessions[token] = _Session(
                data, SessionRules(data, record), "", token, now, now, fetched=True, tincan=True
            )
        sent_actor: dict[str, Any] = actor
        if legacy_actor:
            sent_actor = {"name": [actor["name"]], "mbox": [actor["mbox"]], "objectType": "Agent"}
        parameters = {
            "endpoint": self.endpoint,
            "auth": f"Basic {token}",
            "actor": json.dumps(sent_actor, separators=(",", ":")),
        }
        if registration:
            parameters["registration"] = registration
        if pass_activity_id:
            parameters["activity_id"] = activity_id
        separator = "&" if "?" in package_url else "?"
        url = package_url + separator + urlencode(parameters, quote_via=quote)
        return TinCanLaunch(url, actor, registration, activity_id, f"Basic {token}")

    def fail_next(self, count: int, status: int = 503, resource: str | None = None) -> None:
        """Answer the next count xAPI requests (not CORS preflights, not the fetch URL) with status.

        With `resource` (e.g. "statements"), only requests for that resource count and fail.
        """
        with self._lock:
            self._fail_remaining = count
            self._fail_status = status
            self._fail_resource = resource

    def lose_answers(self, count: int) -> None:
        """Store the next count statement POSTs, then answer 502, as a gateway that gave up waiting does."""
        with self._lock:
            self._lose_answers = count

    def fail_for(self, seconds: float, status: int = 503) -> None:
        """Answer every xAPI request (not CORS preflights, not the fetch URL) with status for a while."""
        with self._lock:
            self._fail_until = self._clock() + seconds
            self._fail_status = status
            self._fail_resource = None

    def verbs(self, registration: str | None = None) -> list[str]:
        """The last path segment of each stored statement's verb, in arrival order."""
        with self._lock:
            return self._verbs(registration)

    def _verbs(self, registration: str | None) -> list[str]:
        return [
            statement["verb"]["id"].rsplit("/", 1)[-1]
            for statement in self.statements
            if registration is None or statement.get("context", {}).get("registration") == registration
        ]

    def wait_for_verb(self, verb: str, timeout: float = 10.0) -> bool:
        """Wait until a statement with this verb (last path segment, e.g. 'terminated') is stored."""
        with self._stored:
            return self._stored.wait_for(lambda: verb in self._verbs(None), timeout)

    def document(self, activity_id: str, agent: dict[str, Any], registration: str | None, state_id: str) -> Any:
        """A State API document as parsed JSON, or None."""
        with self._lock:
            found = self._documents.get((*self._state_key(activity_id, agent, registration), state_id))
        return None if found is None else json.loads(found[1])

    # ------------------------------------------------------------------ request handling

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> _Reply:
        """Answer one HTTP request."""
        url = urlsplit(target)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        received = time.monotonic() - self._epoch
        xapi = url.path.startswith("/xapi/") and method != "OPTIONS"
        if xapi and self.delay > 0:
            time.sleep(self.delay)  # outside the lock: a slow LRS still takes requests in parallel
        with self._lock:
            if method == "OPTIONS":
                reply = _Reply(204)
            elif url.path.startswith("/fetch/"):
                reply = self._fetch(method, url.path.removeprefix("/fetch/"))
            elif url.path.startswith("/xapi/"):
                try:
                    reply = self._xapi(method, url.path.removeprefix("/xapi/"), query, headers, body)
                except _Refusal as refusal:
                    reply = refusal.reply
            else:
                reply = _Reply.error(404, "not found")
            self.requests.append((method, url.path, reply.status))
            if xapi:
                resource = url.path.removeprefix("/xapi/")
                verbs = _verbs_of(body) if resource == "statements" and method in ("POST", "PUT") else ()
                answered = time.monotonic() - self._epoch
                self.exchanges.append(Exchange(received, answered, method, resource, reply.status, verbs))
        return reply

    def timeline(self) -> str:
        """The exchanges as text, one line each (for a test's failure message or a report)."""
        with self._lock:
            return "\n".join(str(exchange) for exchange in self.exchanges)

    def _fetch(self, method: str, key: str) -> _Reply:
        # cmi5 8.2.1: POST only, so no cache keeps the token.
        if method != "POST":
            return _Reply(405, b"", None, {"Allow": "POST"})
        session = next((s for s in self._sessions.values() if s.fetch_key == key), None)
        # cmi5 8.2.2: HTTP 200 even for the errors of 8.2.3, which come as error-code/error-text JSON.
        if session is None:
            return _Reply.json(200, {"error-code": "2", "error-text": "Unknown fetch URL."})
        if session.fetched:
            return _Reply.json(200, {"error-code": "1", "error-text": "The auth-token was already returned."})
        session.fetched = True
        return _Reply.json(200, {"auth-token": session.token})

    def _xapi(self, method: str, resource: str, query: dict[str, str], headers: dict[str, str], body: bytes) -> _Reply:
        if resource == "about" and method == "GET":
            return _Reply.json(200, {"version": [XAPI_VERSION]})
        counted = self._fail_resource in (None, resource)
        if (self._fail_remaining > 0 and counted) or self._clock() < self._fail_until:
            self._fail_remaining = max(0, self._fail_remaining - 1) if counted else self._fail_remaining
            self.failures_served += 1
            return _Reply.error(self._fail_status, "injected failure")
        version = headers.get("x-experience-api-version", "")
        if not version.startswith("1.0"):
            # xAPI-Communication 3.3: every request but GET about carries the version header.
            self.breaches.append(Breach("4.1.0.0-1", f"{method} {resource} without X-Experience-API-Version 1.0.x."))
            return _Reply.error(400, "X-Experience-API-Version header missing or not 1.0.x")
        session = self._sessions.get(headers.get("authorization", "").removeprefix("Basic "))
        if session is None or not session.fetched:
            self.breaches.append(Breach("8.2.2", f"{method} {resource} without a valid auth-token."))
            return _Reply(401, b"", None, {"WWW-Authenticate": 'Basic realm="test-lrs"'})
        if session.rules.terminated and not session.tincan:
            # CATAPULT: the session is over once terminated is stored; its token opens nothing more.
            requirement = "8.1.2.0-2"
            if resource == "statements" and method in ("POST", "PUT"):
                defined = any(_is_defined(s) for s in self._batch(self._json(body)))
                requirement = "9.3.0.0-5" if defined else "7.1.3.0-1"
            self.breaches.append(Breach(requirement, f"{method} {resource} after terminated."))
            return _Reply.error(401, "the session has terminated")
        if resource == "statements":
            if session.abandoned and method != "GET":
                # cmi5 9.3.6: nothing more is recorded for a session after abandoned.
                return _Reply.error(403, "this session was abandoned")
            reply = self._statements(method, query, body, session)
            if method == "POST" and reply.status == 200 and self._lose_answers > 0:
                self._lose_answers -= 1
                return _Reply.error(502, "stored, but the gateway gave up waiting")
            return reply
        if resource == "activities/state":
            return self._state(method, query, headers, body, session)
        if resource == "activities/profile":
            key = ("activity-profile", self._required(query, "activityId"))
            return self._document(method, key, query.get("profileId"), headers, body, concurrency=True)
        if resource == "agents/profile":
            agent = self._agent(query, session)
            if method == "GET" and query.get("profileId") == PREFERENCES:
                session.rules.preferences_read = True
            key = ("agent-profile", json.dumps(agent_identity(agent)))
            return self._document(method, key, query.get("profileId"), headers, body, concurrency=True)
        return _Reply.error(404, f"no resource {resource!r}")

    # ------------------------------------------------------------------ statements

    def _statements(self, method: str, query: dict[str, str], body: bytes, session: _Session) -> _Reply:
        if method == "GET":
            return self._get_statements(query)
        if method not in ("POST", "PUT"):
            return _Reply.error(405, "statements take GET, POST and PUT")
        parsed = self._json(body)
        batch = parsed if isinstance(parsed, list) and method == "POST" else [parsed]
        if method == "PUT":
            statement_id = self._required(query, "statementId")
            if not isinstance(parsed, dict) or parsed.get("id", statement_id) != statement_id:
                return _Reply.error(400, "statementId does not match the statement's id")
            parsed["id"] = statement_id
        problems = [problem for statement in batch for problem in statement_problems(statement)]
        if problems:
            # xAPI: a batch is stored whole or not at all.
            self.breaches.append(Breach("4.1.0.0-1", "; ".join(problems)))
            return _Reply.error(400, "\n".join(problems))
        repeated = [] if session.tincan else self._repeated_verbs(batch, session)
        if repeated:
            # CATAPULT's proxy checks before its LRS sees the batch, and refuses it whole.
            self.breaches.extend(repeated)
            return _Reply.error(401, str(repeated[0]))
        stored_ids = {s["id"] for s in self.statements}
        if self.duplicates == "reject-batch":
            taken = [s["id"] for s in batch if s.get("id") in stored_ids]
            if taken:
                # ADL_LRS: one stored id and nothing of the batch is stored.
                return _Reply.error(409, f"Statement ID already exists: {taken[0]}")
        ids: list[str] = []
        for statement in batch:
            existing = next((s for s in self.statements if s["id"] == statement.get("id")), None)
            if existing is not None:
                # A retry after a lost answer: the same statement again is no new statement.
                if {k: v for k, v in existing.items() if k not in ("stored", "authority")} != statement:
                    return _Reply.error(409, f"statement {statement['id']} exists with other content")
                ids.append(statement["id"])
                continue
            found = self._tincan_breaches(statement, session) if session.tincan else session.rules.check(statement)[1]
            self.breaches.extend(found)
            statement.setdefault("id", str(uuid.uuid4()))
            self._store(statement)
            session.last_statement = datetime.now(UTC)
            ids.append(statement["id"])
        return _Reply(204) if method == "PUT" else _Reply.json(200, ids)

    @staticmethod
    def _tincan_breaches(statement: dict[str, Any], session: _Session) -> list[Breach]:
        """What a TinCan LMS reads the LRS by: the launch's registration and learner; nothing after terminated."""
        found: list[Breach] = []
        statement_id = statement.get("id")
        if session.terminated:
            found.append(Breach("tincan-after-terminated", "a statement after the session's terminated", statement_id))
        registration = statement.get("context", {}).get("registration")
        if registration != (session.launch.registration or None):
            message = f"registration {registration!r}, launched with {session.launch.registration or None!r}"
            found.append(Breach("tincan-registration", message, statement_id))
        if agent_identity(statement.get("actor")) != agent_identity(session.launch.actor):
            found.append(Breach("tincan-actor", f"actor {statement.get('actor')!r} is not the launched learner"))
        if str(statement.get("verb", {}).get("id", "")).endswith("/terminated"):
            session.terminated = True
        return found

    @staticmethod
    def _batch(parsed: object) -> list[Any]:
        return parsed if isinstance(parsed, list) else [parsed]

    @staticmethod
    def _repeated_verbs(batch: list[Any], session: _Session) -> list[Breach]:
        seen = set(session.rules.verbs)
        found: list[Breach] = []
        for statement in batch:
            if not _is_defined(statement):
                continue
            verb = statement["verb"]["id"]
            if verb in seen:
                found.append(Breach("9.3.0.0-2", f"{verb} again in this session.", statement.get("id")))
            seen.add(verb)
        return found

    def _store(self, statement: dict[str, Any]) -> None:
        stored = dict(statement)
        stored["stored"] = _now()
        stored["authority"] = {"objectType": "Agent", "account": {"homePage": self.base_url, "name": "test-lrs"}}
        self.statements.append(stored)
        self._stored.notify_all()

    def _get_statements(self, query: dict[str, str]) -> _Reply:
        if "statementId" in query:
            found = next((s for s in self.statements if s["id"] == query["statementId"]), None)
            return _Reply.error(404, "no such statement") if found is None else _Reply.json(200, found)
        selected = list(self.statements)
        if "registration" in query:
            selected = [s for s in selected if s.get("context", {}).get("registration") == query["registration"]]
        if "verb" in query:
            selected = [s for s in selected if s["verb"]["id"] == query["verb"]]
        if "activity" in query:
            selected = [s for s in selected if s["object"]["id"] == query["activity"]]
        if "agent" in query:
            identity = agent_identity(self._json(query["agent"].encode()))
            selected = [s for s in selected if agent_identity(s["actor"]) == identity]
        if "since" in query:
            selected = [s for s in selected if s["stored"] > query["since"]]
        if query.get("ascending") != "true":
            selected.reverse()  # xAPI: newest first unless ascending
        limit = int(query.get("limit") or 0)
        return _Reply.json(200, {"statements": selected[:limit] if limit else selected, "more": ""})

    @staticmethod
    def _launch_extensions(data: LaunchData, au_url: str) -> dict[str, Any]:
        # cmi5 9.6.3: the launched statement tells how the AU was launched.
        extensions: dict[str, Any] = {LAUNCH_MODE: data.launch_mode, LAUNCH_URL: au_url, MOVE_ON: data.move_on}
        if data.mastery_score is not None:
            extensions[MASTERY_SCORE] = data.mastery_score
        return extensions

    def _abandon(self, session: _Session) -> None:
        # cmi5 9.3.6: the session's duration runs from launch to the AU's last statement.
        seconds = (session.last_statement - session.started).total_seconds()
        result = {"duration": f"PT{seconds:.3f}S"}
        self._store(self._lms_statement(session.launch, ABANDONED, {}, result))
        session.abandoned = True

    @staticmethod
    def _lms_statement(
        data: LaunchData, verb: str, extensions: dict[str, Any], result: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        statement: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "actor": data.actor,
            "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
            "object": {"objectType": "Activity", "id": data.activity_id},
            "context": {
                "registration": data.registration,
                "contextActivities": {
                    **data.context_template()["contextActivities"],
                    "category": [{"objectType": "Activity", "id": CMI5_CATEGORY}],
                },
                "extensions": {**data.context_template()["extensions"], **extensions},
            },
            "timestamp": _now(),
        }
        if result is not None:
            statement["result"] = result
        return statement

    # ------------------------------------------------------------------ documents

    def _state(
        self, method: str, query: dict[str, str], headers: dict[str, str], body: bytes, session: _Session
    ) -> _Reply:
        activity_id = self._required(query, "activityId")
        agent = self._agent(query, session)
        registration = query.get("registration")
        if registration is not None and registration != session.launch.registration:
            self.breaches.append(Breach("8.1.4.0-3", f"state {method} for registration {registration!r}."))
        state_id = query.get("stateId")
        if state_id == LAUNCH_DATA and method != "GET":
            self.breaches.append(Breach("10.2.1.0-5", f"{method} {LAUNCH_DATA}."))
            return _Reply.error(403, f"{LAUNCH_DATA} is the LMS's document")
        return self._document(method, self._state_key(activity_id, agent, registration), state_id, headers, body)

    @staticmethod
    def _state_key(activity_id: str, agent: object, registration: str | None) -> tuple[str, ...]:
        return ("state", activity_id, json.dumps(agent_identity(agent)), registration or "")

    def _document(
        self,
        method: str,
        key: tuple[str, ...],
        document_id: str | None,
        headers: dict[str, str],
        body: bytes,
        *,
        concurrency: bool = False,
    ) -> _Reply:
        if method == "GET" and document_id is None:
            ids = sorted(k[-1] for k in self._documents if k[:-1] == key)
            return _Reply.json(200, ids)
        if method == "DELETE" and document_id is None and key[0] == "state":
            for k in [k for k in self._documents if k[:-1] == key]:
                del self._documents[k]
            return _Reply(204)
        if document_id is None:
            return _Reply.error(400, "the document id parameter is missing")
        full_key = (*key, document_id)
        existing = self._documents.get(full_key)
        etag = None if existing is None else f'"{hashlib.sha1(existing[1]).hexdigest()}"'
        if method == "GET":
            if existing is None:
                return _Reply.error(404, "no such document")
            return _Reply(200, existing[1], existing[0], {"ETag": etag or ""})
        if method == "DELETE":
            self._documents.pop(full_key, None)
            return _Reply(204)
        if method not in ("PUT", "POST"):
            return _Reply.error(405, "documents take GET, PUT, POST and DELETE")
        if concurrency:
            # xAPI-Communication 2.4 (concurrency): profile writes name the version they replace.
            if_match, if_none_match = headers.get("if-match"), headers.get("if-none-match")
            if if_match is not None and if_match != etag:
                return _Reply.error(412, "If-Match does not match the document's ETag")
            if if_none_match == "*" and existing is not None:
                return _Reply.error(412, "the document exists")
            if method == "PUT" and existing is not None and if_match is None and if_none_match is None:
                return _Reply.error(409, "PUT over an existing profile needs If-Match or If-None-Match")
        content_type = headers.get("content-type", "application/octet-stream").split(";")[0].strip()
        if method == "POST" and existing is not None:
            # xAPI: POST merges JSON objects, top-level properties of the new one winning.
            old, new = self._json(existing[1]), self._json(body)
            if content_type != _JSON or not isinstance(old, dict) or not isinstance(new, dict):
                return _Reply.error(400, "POST merges JSON objects only")
            body = json.dumps({**old, **new}).encode()
        self._documents[full_key] = (content_type, body)
        return _Reply(204)

    # ------------------------------------------------------------------ helpers

    def _agent(self, query: dict[str, str], session: _Session) -> object:
        agent = self._json(self._required(query, "agent").encode())
        if agent_identity(agent) is None:
            raise _Refusal(_Reply.error(400, "agent is not an xAPI Agent"))
        if agent_identity(agent) != agent_identity(session.launch.actor):
            self.breaches.append(Breach("8.1.3.0-3", "A document request names another agent."))
        return agent

    @staticmethod
    def _required(query: dict[str, str], name: str) -> str:
        if name not in query:
            raise _Refusal(_Reply.error(400, f"the {name} parameter is missing"))
        return query[name]

    @staticmethod
    def _json(body: bytes) -> Any:
        try:
            return json.loads(body)
        except ValueError as error:
            raise _Refusal(_Reply.error(400, f"not JSON: {error}")) from None


def _is_defined(statement: object) -> bool:
    """A cmi5 defined statement: it has the cmi5 category activity."""
    if not isinstance(statement, dict):
        return False
    context = statement.get("context")
    activities = context.get("contextActivities") if isinstance(context, dict) else None
    categories = activities.get("category") if isinstance(activities, dict) else None
    return isinstance(categories, list) and any(
        isinstance(c, dict) and c.get("id") == CMI5_CATEGORY for c in categories
    )


def _verbs_of(body: bytes) -> tuple[str, ...]:
    try:
        parsed = json.loads(body)
    except ValueError:
        return ()
    batch = parsed if isinstance(parsed, list) else [parsed]
    return tuple(
        str(s["verb"]["id"]).rsplit("/", 1)[-1]
        for s in batch
        if isinstance(s, dict) and isinstance(s.get("verb"), dict) and "id" in s["verb"]
    )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # idle keep-alive connections end, so stop() is never kept waiting

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        lrs: LRSServer = self.server.lrs  # type: ignore[attr-defined]
        reply = lrs.handle(self.command, self.path, headers, body)
        self.send_response(reply.status)
        # The AU runs on another origin and sends Authorization: CORS for every answer.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS")
        self.send_header(
            "Access-Control-Allow-Headers",
            headers.get("access-control-request-headers", "Authorization, Content-Type, X-Experience-API-Version"),
        )
        self.send_header("Access-Control-Expose-Headers", "ETag, X-Experience-API-Version")
        self.send_header("Access-Control-Max-Age", "600")
        if headers.get("access-control-request-private-network") == "true":
            # Chromium asks before a public (here: routed https) page may reach 127.0.0.1.
            self.send_header("Access-Control-Allow-Private-Network", "true")
        self.send_header("X-Experience-API-Version", XAPI_VERSION)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.content_type is not None:
            self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_OPTIONS = _answer

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


class ContentServer:
    """Serve a package's files from memory on their own origin, as an LMS's content host does.

    The AU page then reaches the LRS cross-origin (http://localhost:<port> against the LRS at
    http://127.0.0.1:<port>), with real CORS preflights. Browser tests should load AUs from here,
    not through Playwright request routing: routing intercepts the page's requests, answers CORS
    preflights itself, and aborts the keepalive requests a page sends on pagehide.
    """

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.files = dict(files)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> ContentServer:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _ContentHandler)
        server.daemon_threads = True
        server.files = self.files  # type: ignore[attr-defined]  # the handler finds the files here
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.02,), name="test-content", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._server is not None
        assert self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def url(self, path: str) -> str:
        """The address of a package file (path with '/' separators, no leading '/')."""
        assert self._server is not None, "the content server is not started"
        return f"http://localhost:{self._server.server_address[1]}/{quote(path)}"


class _ContentHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10

    def do_GET(self) -> None:
        files: dict[str, bytes] = self.server.files  # type: ignore[attr-defined]
        path = unquote(urlsplit(self.path).path).lstrip("/")
        body = files.get(path)
        self.send_response(404 if body is None else 200)
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        self.send_header("Content-Type", "text/plain" if body is None else content_type)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""
