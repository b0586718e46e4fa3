"""The cmi5 preview: the LMS side of a launch and an in-process xAPI LRS that checks every statement.

The page (preview-api.js) asks for a launch (POST launch); the LMS part writes LMS.LaunchData to
the State API, records `launched` and answers the launch parameters (endpoint, fetch, actor,
registration, activityId) for the course frame's URL, as a cmi5 LMS does (cmi5 8.1). The fetch URL
hands out the session's auth-token once (cmi5 8.2). The LRS stores what the AU sends and checks
each statement in arrival order with the cmi5 session rules of `rules.py` (the same module the
test LRS in tests/lrs/ imports) and the xAPI 1.0.3 models of `compiler/targets/xapi.py`; statements that are not
valid xAPI are refused (400), valid ones that break a cmi5 rule are stored with the breach, so the
panel shows every one. Like CATAPULT's proxy, a repeated cmi5 defined verb and anything after the
session's `terminated` are refused (401). A relaunch of the same registration first records
`abandoned` for a session that never sent `terminated` (cmi5 9.3.6). `GET record` is what the
debug panel shows: the launch data, every statement in order with its breaches, every request,
and the saved state document.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from compiler.package.untrusted_xml import description_root
from compiler.targets.base import PreviewBackend, PreviewEmulation
from compiler.targets.cmi5.checks import NS_CMI5, STRUCTURE_NAME
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
from compiler.targets.cmi5.target import STATE_LIMIT
from compiler.targets.xapi import statement_problems

XAPI_VERSION = "1.0.3"
LAUNCH_DATA = "LMS.LaunchData"
PREFERENCES = "cmi5LearnerPreferences"
ACTIVITY_BASE = "https://preview.coursec.invalid/au/"
"""The LMS makes its own activity id for an AU (cmi5 8.1: never the publisher's id)."""
STATE_ID = "urn:x-coursec:state"
"""The runtime's state document (compiler/runtime/trackers/cmi5.js)."""
MAX_REQUESTS = 2000
"""Requests the panel's log keeps (the oldest go first); statements are all kept, they are the record."""
_JSON = "application/json"
_Reply = tuple[int, str, bytes]


def launch(files: Mapping[str, bytes]) -> dict[str, object]:
    """The first AU of cmi5.xml as the LMS launches it: its publisher id, url, moveOn, masteryScore, method."""
    root = description_root(files, STRUCTURE_NAME)
    au = next(root.iter(f"{{{NS_CMI5}}}au"), None) if root is not None else None
    if au is None:
        return {}
    mastery: float | None = None
    try:
        mastery = float(Decimal(au.get("masteryScore", "")))
    except InvalidOperation:
        mastery = None
    parameters = au.findtext(f"{{{NS_CMI5}}}launchParameters")
    return {
        "publisherId": au.get("id", ""),
        "url": (au.findtext(f"{{{NS_CMI5}}}url") or "").strip(),
        "moveOn": au.get("moveOn", "NotApplicable"),
        "masteryScore": mastery,
        "launchMethod": au.get("launchMethod", "AnyWindow"),
        "launchParameters": parameters,
        "stateLimit": STATE_LIMIT,
    }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _json_reply(status: int, value: object) -> _Reply:
    return status, _JSON, json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def _text_reply(status: int, message: str) -> _Reply:
    return status, "text/plain; charset=utf-8", message.encode()


class _Refused(Exception):
    def __init__(self, reply: _Reply) -> None:
        self.reply = reply


@dataclass
class _Session:
    number: int
    launch: LaunchData
    rules: SessionRules
    fetch_key: str
    token: str
    started: datetime
    last_statement: datetime
    fetched: bool = False
    abandoned: bool = False


@dataclass
class _Entry:
    """A stored statement with what the rules found, for the panel."""

    statement: dict[str, Any]
    by: str
    session: int
    breaches: list[str] = field(default_factory=list)


def _short(verb: str) -> str:
    return verb.rsplit("/", 1)[-1]


def _result_text(statement: Mapping[str, Any]) -> str:
    result = statement.get("result")
    if not isinstance(result, Mapping):
        return ""
    parts = []
    for key in ("completion", "success"):
        if key in result:
            parts.append(f"{key} {str(result[key]).lower()}")
    score = result.get("score")
    if isinstance(score, Mapping) and "scaled" in score:
        parts.append(f"score.scaled {score['scaled']}")
    if "duration" in result:
        parts.append(f"duration {result['duration']}")
    response = result.get("response")
    if isinstance(response, str):
        parts.append(f"response {response!r}")
    return ", ".join(parts)


class PreviewLrs:
    """The cmi5 LMS and LRS of one preview server (every page of it shares them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, _Session] = {}
        self._registrations: dict[str, RegistrationRecord] = {}
        self._documents: dict[tuple[str, ...], tuple[str, bytes]] = {}
        self._entries: list[_Entry] = []
        self._requests: deque[dict[str, object]] = deque(maxlen=MAX_REQUESTS)
        self._actors: dict[str, dict[str, Any]] = {}
        self._problems: list[tuple[str, int, str]] = []

    # ------------------------------------------------------------------ the page's requests

    def handle(
        self, method: str, path: str, query: Mapping[str, str], headers: Mapping[str, str], body: bytes
    ) -> _Reply:
        """Answer one request of the page or the AU; path is relative to /_preview/lms/."""
        lowered = {name.lower(): value for name, value in headers.items()}
        with self._lock:
            try:
                if path == "launch" and method == "POST":
                    return self._launch(self._json(body))
                if path == "record" and method == "GET":
                    return _json_reply(200, self._record(query.get("registration", "")))
                if path == "returned" and method == "GET":
                    return self._returned()
                if path.startswith("fetch/"):
                    return self._fetch(method, path.removeprefix("fetch/"))
                if path.startswith("xapi/"):
                    return self._xapi(method, path.removeprefix("xapi/"), query, lowered, body)
            except _Refused as refused:
                return refused.reply
        return _text_reply(404, "not found")

    def _launch(self, request: object) -> _Reply:
        if not isinstance(request, Mapping):
            return _text_reply(400, "a launch request is a JSON object")
        settings = request.get("launch")
        settings = settings if isinstance(settings, Mapping) else {}
        base = str(request.get("base") or "")
        publisher_id = str(settings.get("publisherId") or "")
        if not base or not publisher_id:
            return _text_reply(400, "a launch needs the page's base URL and the AU's publisher id")
        registration = str(request.get("registration") or "") or str(uuid.uuid4())
        learner = self._actors.get(registration) or {
            "objectType": "Agent",
            "name": "Preview Learner",
            "account": {"homePage": "https://preview.coursec.invalid", "name": f"learner-{len(self._actors) + 1}"},
        }
        self._actors[registration] = learner
        mastery = settings.get("masteryScore")
        activity_id = ACTIVITY_BASE + hashlib.sha256(publisher_id.encode()).hexdigest()[:16]
        return_url = request.get("returnURL")
        data = LaunchData(
            actor=learner,
            registration=registration,
            activity_id=activity_id,
            session_id=str(uuid.uuid4()),
            publisher_id=publisher_id,
            launch_mode=str(request.get("launchMode") or "Normal"),
            launch_method=str(settings.get("launchMethod") or "AnyWindow"),
            move_on=str(settings.get("moveOn") or "NotApplicable"),
            mastery_score=float(mastery) if isinstance(mastery, int | float) else None,
            return_url=str(return_url) if return_url else None,
            launch_parameters=str(settings["launchParameters"]) if settings.get("launchParameters") else None,
        )
        for earlier in self._sessions.values():
            if earlier.launch.registration == registration and not earlier.rules.terminated and not earlier.abandoned:
                self._abandon(earlier)
        record = self._registrations.setdefault(registration, RegistrationRecord())
        token = base64.b64encode(f"preview-{data.session_id}:{secrets.token_hex(8)}".encode()).decode()
        fetch_key = secrets.token_urlsafe(12)
        now = datetime.now(UTC)
        number = 1 + sum(1 for s in self._sessions.values() if s.launch.registration == registration)
        self._sessions[token] = _Session(number, data, SessionRules(data, record), fetch_key, token, now, now)
        key = self._state_key(activity_id, learner, registration)
        self._documents[(*key, LAUNCH_DATA)] = (_JSON, json.dumps(data.document()).encode())
        au_url = base.rsplit("/_preview/", 1)[0] + "/course/" + str(settings.get("url") or "index.html")
        extensions: dict[str, Any] = {LAUNCH_MODE: data.launch_mode, LAUNCH_URL: au_url, MOVE_ON: data.move_on}
        if data.mastery_score is not None:
            extensions[MASTERY_SCORE] = data.mastery_score
        self._store_lms(data, LAUNCHED, extensions, number)
        parameters = {
            "endpoint": base + "xapi/",
            "fetch": base + "fetch/" + fetch_key,
            "actor": json.dumps(learner, separators=(",", ":")),
            "registration": registration,
            "activityId": activity_id,
        }
        return _json_reply(200, {"parameters": parameters, "registration": registration, "session": number})

    def _returned(self) -> _Reply:
        page = (
            '<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>Returned to the LMS</title>'
            "<body><main><h1>The course sent the learner back to the LMS</h1><p>The AU followed the "
            "launch data's returnURL after its session ended. Relaunch from the toolbar.</p></main></body></html>"
        )
        return 200, "text/html; charset=utf-8", page.encode()

    def _fetch(self, method: str, key: str) -> _Reply:
        if method != "POST":  # cmi5 8.2.1: POST only, so no cache keeps the token
            return _text_reply(405, "the fetch URL takes POST")
        session = next((s for s in self._sessions.values() if s.fetch_key == key), None)
        # cmi5 8.2.2: HTTP 200 even for errors, which come as error-code/error-text.
        if session is None:
            return _json_reply(200, {"error-code": "2", "error-text": "Unknown fetch URL."})
        if session.fetched:
            return _json_reply(200, {"error-code": "1", "error-text": "The auth-token was already returned."})
        session.fetched = True
        return _json_reply(200, {"auth-token": session.token})

    # ------------------------------------------------------------------ xAPI

    def _xapi(
        self, method: str, resource: str, query: Mapping[str, str], headers: Mapping[str, str], body: bytes
    ) -> _Reply:
        session = self._sessions.get(headers.get("authorization", "").removeprefix("Basic "))
        reply = self._answer(method, resource, query, headers, body, session)
        verbs: list[str] = []
        if resource == "statements" and method in ("POST", "PUT"):
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = []
            batch = parsed if isinstance(parsed, list) else [parsed]
            verbs = [
                _short(str(s["verb"]["id"]))
                for s in batch
                if isinstance(s, dict) and isinstance(s.get("verb"), dict) and "id" in s["verb"]
            ]
        if session is not None:
            self._requests.append(
                {
                    "registration": session.launch.registration,
                    "session": session.number,
                    "method": method,
                    "resource": resource,
                    "status": reply[0],
                    "verbs": verbs,
                    "detail": reply[2].decode("utf-8", "replace")[:300] if reply[0] >= 400 else "",
                }
            )
        return reply

    def _answer(
        self,
        method: str,
        resource: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: bytes,
        session: _Session | None,
    ) -> _Reply:
        if resource == "about" and method == "GET":
            return _json_reply(200, {"version": [XAPI_VERSION]})
        if not headers.get("x-experience-api-version", "").startswith("1.0"):
            if session is not None:
                self._breach(session, Breach("4.1.0.0-1", f"{method} {resource} without X-Experience-API-Version."))
            return _text_reply(400, "X-Experience-API-Version header missing or not 1.0.x")
        if session is None or not session.fetched:
            return _text_reply(401, "no valid auth-token (fetch it from the fetch URL first)")
        if session.rules.terminated:
            requirement = "8.1.2.0-2"
            if resource == "statements" and method in ("POST", "PUT"):
                requirement = "9.3.0.0-5"
            self._breach(session, Breach(requirement, f"{method} {resource} after terminated."))
            return _text_reply(401, "the session has terminated")
        if resource == "statements":
            if session.abandoned and method != "GET":
                return _text_reply(403, "this session was abandoned (the LMS relaunched the registration)")
            return self._statements(method, query, body, session)
        if resource == "activities/state":
            return self._state(method, query, headers, body, session)
        if resource == "agents/profile":
            self._agent(query, session)
            if method == "GET" and query.get("profileId") == PREFERENCES:
                session.rules.preferences_read = True
            return _text_reply(404, "no such document") if method == "GET" else _text_reply(403, "read only")
        if resource == "activities/profile":
            return _text_reply(404, "no such document")
        return _text_reply(404, f"the preview LRS has no resource {resource!r}")

    def _statements(self, method: str, query: Mapping[str, str], body: bytes, session: _Session) -> _Reply:
        if method == "GET":
            if "statementId" in query:
                found = next(
                    (e.statement for e in self._entries if e.statement.get("id") == query["statementId"]), None
                )
                return _text_reply(404, "no such statement") if found is None else _json_reply(200, found)
            return _json_reply(200, {"statements": [e.statement for e in reversed(self._entries)], "more": ""})
        if method not in ("POST", "PUT"):
            return _text_reply(405, "statements take GET, POST and PUT")
        parsed = self._json(body)
        batch = parsed if isinstance(parsed, list) else [parsed]
        if method == "PUT":
            if not isinstance(parsed, dict) or "statementId" not in query:
                return _text_reply(400, "PUT statements takes one statement and a statementId")
            parsed.setdefault("id", query["statementId"])
        problems: list[str] = []
        for index, statement in enumerate(batch):
            problems += [f"statement {index}: {problem}" for problem in statement_problems(statement)]
        if problems:
            self._breach(session, Breach("4.1.0.0-1", "; ".join(problems)))
            return _text_reply(400, "not valid xAPI 1.0.3: " + "; ".join(problems))
        stored_ids = {e.statement.get("id") for e in self._entries}
        if any(isinstance(s, dict) and s.get("id") in stored_ids for s in batch):
            # As ADL's LRS: a batch holding a stored id is refused whole, nothing of it stored.
            return _text_reply(409, "the batch holds a statement id the LRS already stored")
        repeated = self._repeated_verbs(batch, session)
        if repeated:
            for breach in repeated:
                self._breach(session, breach)
            return _text_reply(401, "; ".join(str(b) for b in repeated))
        ids = []
        for statement in batch:
            assert isinstance(statement, dict)
            _, breaches = session.rules.check(statement)
            statement.setdefault("id", str(uuid.uuid4()))
            self._store(statement, "AU", session.number, [str(b) for b in breaches])
            session.last_statement = datetime.now(UTC)
            ids.append(statement["id"])
        return (204, _JSON, b"") if method == "PUT" else _json_reply(200, ids)

    @staticmethod
    def _repeated_verbs(batch: list[Any], session: _Session) -> list[Breach]:
        seen = set(session.rules.verbs)
        found = []
        for statement in batch:
            if not isinstance(statement, dict) or not _is_defined(statement):
                continue
            verb = statement["verb"]["id"]
            if verb in seen:
                found.append(Breach("9.3.0.0-2", f"{verb} again in this session.", statement.get("id")))
            seen.add(verb)
        return found

    def _state(
        self, method: str, query: Mapping[str, str], headers: Mapping[str, str], body: bytes, session: _Session
    ) -> _Reply:
        activity_id = self._required(query, "activityId")
        agent = self._agent(query, session)
        registration = query.get("registration")
        if registration is not None and registration != session.launch.registration:
            self._breach(session, Breach("8.1.4.0-3", f"state {method} for registration {registration!r}."))
        state_id = query.get("stateId")
        if state_id == LAUNCH_DATA and method != "GET":
            self._breach(session, Breach("10.2.1.0-5", f"{method} {LAUNCH_DATA}."))
            return _text_reply(403, f"{LAUNCH_DATA} is the LMS's document")
        key = self._state_key(activity_id, agent, registration)
        if state_id is None:
            if method == "GET":
                return _json_reply(200, sorted(k[-1] for k in self._documents if k[:-1] == key))
            if method == "DELETE":
                for k in [k for k in self._documents if k[:-1] == key]:
                    del self._documents[k]
                return 204, _JSON, b""
            return _text_reply(400, "the stateId parameter is missing")
        full = (*key, state_id)
        existing = self._documents.get(full)
        if method == "GET":
            return _text_reply(404, "no such document") if existing is None else (200, existing[0], existing[1])
        if method == "DELETE":
            self._documents.pop(full, None)
            return 204, _JSON, b""
        if method not in ("PUT", "POST"):
            return _text_reply(405, "documents take GET, PUT, POST and DELETE")
        content_type = headers.get("content-type", "application/octet-stream").split(";")[0].strip()
        if method == "POST" and existing is not None:
            old, new = self._json(existing[1]), self._json(body)
            if content_type != _JSON or not isinstance(old, dict) or not isinstance(new, dict):
                return _text_reply(400, "POST merges JSON objects only")
            body = json.dumps({**old, **new}).encode()
        self._documents[full] = (content_type, body)
        return 204, _JSON, b""

    # ------------------------------------------------------------------ what the panel shows

    def _record(self, registration: str) -> dict[str, object]:
        sessions = [s for s in self._sessions.values() if s.launch.registration == registration]
        latest = sessions[-1] if sessions else None
        statements = [
            {
                "n": index + 1,
                "session": entry.session,
                "by": entry.by,
                "verb": _short(str(entry.statement["verb"]["id"])),
                "object": str(entry.statement.get("object", {}).get("id", "")),
                "timestamp": str(entry.statement.get("timestamp", "")),
                "result": _result_text(entry.statement),
                "breaches": entry.breaches,
            }
            for index, entry in enumerate(e for e in self._entries if self._registration_of(e) == registration)
        ]
        state: object = None
        if latest is not None:
            key = self._state_key(latest.launch.activity_id, latest.launch.actor, registration)
            found = self._documents.get((*key, STATE_ID))
            if found is not None:
                try:
                    state = json.loads(found[1])
                except ValueError:
                    state = None
        return {
            "registration": registration,
            "actor": latest.launch.actor if latest else None,
            "launchData": latest.launch.document() if latest else None,
            "activityId": latest.launch.activity_id if latest else "",
            "sessions": [
                {
                    "n": s.number,
                    "state": "terminated" if s.rules.terminated else "abandoned" if s.abandoned else "open",
                    "fetched": s.fetched,
                }
                for s in sessions
            ],
            "statements": statements,
            "requests": [r for r in self._requests if r["registration"] == registration],
            "problems": [
                {"session": number, "breach": text} for owner, number, text in self._problems if owner == registration
            ],
            "state": state,
        }

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _registration_of(entry: _Entry) -> str:
        context = entry.statement.get("context")
        return str(context.get("registration", "")) if isinstance(context, dict) else ""

    def _breach(self, session: _Session, breach: Breach) -> None:
        """A rule broken by a request rather than by a stored statement."""
        self._problems.append((session.launch.registration, session.number, str(breach)))

    def _store(self, statement: dict[str, Any], by: str, session: int, breaches: list[str]) -> None:
        stored = dict(statement)
        stored["stored"] = _now()
        stored["authority"] = {"objectType": "Agent", "account": {"homePage": ACTIVITY_BASE, "name": "preview-lrs"}}
        self._entries.append(_Entry(stored, by, session, breaches))

    def _store_lms(
        self,
        data: LaunchData,
        verb: str,
        extensions: dict[str, Any],
        session: int,
        result: dict[str, Any] | None = None,
    ) -> None:
        template = data.context_template()
        statement: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "actor": data.actor,
            "verb": {"id": verb, "display": {"en-US": _short(verb)}},
            "object": {"objectType": "Activity", "id": data.activity_id},
            "context": {
                "registration": data.registration,
                "contextActivities": {
                    **template["contextActivities"],
                    "category": [{"objectType": "Activity", "id": CMI5_CATEGORY}],
                },
                "extensions": {**template["extensions"], **extensions},
            },
            "timestamp": _now(),
        }
        if result is not None:
            statement["result"] = result
        self._store(statement, "LMS", session, [])

    def _abandon(self, session: _Session) -> None:
        seconds = (session.last_statement - session.started).total_seconds()
        self._store_lms(session.launch, ABANDONED, {}, session.number, {"duration": f"PT{seconds:.3f}S"})
        session.abandoned = True

    def _agent(self, query: Mapping[str, str], session: _Session) -> object:
        agent = self._json(self._required(query, "agent").encode())
        if agent_identity(agent) is None:
            raise _Refused(_text_reply(400, "agent is not an xAPI Agent"))
        if agent_identity(agent) != agent_identity(session.launch.actor):
            self._breach(session, Breach("8.1.3.0-3", "A document request names another agent."))
        return agent

    @staticmethod
    def _state_key(activity_id: str, agent: object, registration: str | None) -> tuple[str, ...]:
        return ("state", activity_id, json.dumps(agent_identity(agent)), registration or "")

    @staticmethod
    def _required(query: Mapping[str, str], name: str) -> str:
        if name not in query:
            raise _Refused(_text_reply(400, f"the {name} parameter is missing"))
        return query[name]

    @staticmethod
    def _json(body: bytes) -> Any:
        try:
            return json.loads(body)
        except ValueError as error:
            raise _Refused(_text_reply(400, f"not JSON: {error}")) from None


def _is_defined(statement: Mapping[str, Any]) -> bool:
    context = statement.get("context")
    activities = context.get("contextActivities") if isinstance(context, Mapping) else None
    categories = activities.get("category") if isinstance(activities, Mapping) else None
    return isinstance(categories, list) and any(
        isinstance(c, Mapping) and c.get("id") == CMI5_CATEGORY for c in categories
    )


def backend() -> PreviewBackend:
    """A fresh LMS and LRS for one preview server."""
    return PreviewLrs()


PREVIEW = PreviewEmulation("cmi5", "cmi5 (LMS launch and LRS)", launch, backend=backend)
