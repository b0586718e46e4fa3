"""The cmi5 rules an AU's statements must follow, checked one statement at a time in arrival order.

One home for both LRSs that check them: `coursec preview --target cmi5` (preview.py) and the test
LRS of the browser tests (tests/lrs/server.py).

The cmi5 specification (AICC/CMI-5_Spec_Current, cmi5_spec.md, Quartz) states its rules in prose by
section. The requirement ids used here (section.subsection.x.x-n, e.g. 9.3.0.0-4) are the numbering
of ADL's cmi5 conformance test suite (adlnet/CATAPULT), which reports breaches by the same ids; the
wording below is our paraphrase. Where no such id was verified, the id is the spec section ("9.5.1").

Order is arrival order: our AU sends one statement after another, so arrival order is the order
of their timestamps (spec 9.3 orders by timestamp).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from compiler.targets.xapi import parse_timestamp, statement_problems

VERBS = "http://adlnet.gov/expapi/verbs/"
INITIALIZED = VERBS + "initialized"
COMPLETED = VERBS + "completed"
PASSED = VERBS + "passed"
FAILED = VERBS + "failed"
TERMINATED = VERBS + "terminated"
LAUNCHED = VERBS + "launched"
VOIDED = VERBS + "voided"
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"
WAIVED = "https://w3id.org/xapi/adl/verbs/waived"
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"
AU_VERBS = frozenset({INITIALIZED, COMPLETED, PASSED, FAILED, TERMINATED})
LMS_VERBS = frozenset({LAUNCHED, ABANDONED, WAIVED, SATISFIED})
JUDGED = frozenset({PASSED, FAILED})
SATISFYING = frozenset({COMPLETED, PASSED, FAILED})

CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
LAUNCH_MODE = "https://w3id.org/xapi/cmi5/context/extensions/launchmode"
LAUNCH_URL = "https://w3id.org/xapi/cmi5/context/extensions/launchurl"
MOVE_ON = "https://w3id.org/xapi/cmi5/context/extensions/moveon"
PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress"

REQUIREMENTS: dict[str, str] = {
    "4.1.0.0-1": "An AU conforms to xAPI: every request and statement is valid xAPI 1.0.3.",
    "6.3.0.0-1": "An AU cannot void statements.",
    "7.1.3.0-1": "cmi5 allowed statements come only between the session's initialized and terminated.",
    "8.1.2.0-2": "The auth-token is good for one session: no request after the session's terminated.",
    "8.1.3.0-3": "The AU uses the launch actor wherever an xAPI request needs an actor or agent.",
    "8.1.4.0-3": "The AU uses the launch registration wherever an xAPI request needs a registration.",
    "8.1.5.0-6": "The object id of every cmi5 defined statement is the launch activityId.",
    "8.2.2": "The AU sends the fetched auth-token as 'Authorization: Basic <token>' on every xAPI request.",
    "9.1.0.0-1": "The AU gives every statement an id in UUID format.",
    "9.2.0.0-3": "The actor of a cmi5 defined statement is identified by an account.",
    "9.3.0.0-1": "An AU uses only the cmi5 verbs meant for AUs in cmi5 defined statements.",
    "9.3.0.0-2": "No verb is repeated among the cmi5 defined statements of a session.",
    "9.3.0.0-3": "A session has at most one of passed and failed.",
    "9.3.0.0-4": "initialized is the first statement of the session.",
    "9.3.0.0-5": "terminated is the last statement of the session.",
    "9.3.0.0-6": "A registration has at most one completed statement.",
    "9.3.0.0-7": "A registration has at most one passed statement.",
    "9.3.0.0-8": "No failed statement follows a passed one in the same registration.",
    "9.3.4.0-2": "A scaled score on passed is at or above the launch data's masteryScore.",
    # CATAPULT reports this rule of section 9.3.5 (Failed) under 9.3.6.0-1; we keep its number.
    "9.3.6.0-1": "A scaled score on failed is below the launch data's masteryScore.",
    "9.5.1": "A scaled score lies between 0 and 1 inclusive.",
    "9.5.1.0-2": "Only passed and failed carry a score among cmi5 defined statements.",
    "9.5.1.0-3": "A raw score comes with min and max.",
    "9.5.2.0-1": "passed has result.success true.",
    "9.5.2.0-2": "failed has result.success false.",
    "9.5.2.0-3": "No cmi5 defined statement but passed and failed has result.success.",
    "9.5.3.0-1": "completed has result.completion true.",
    "9.5.3.0-2": "No cmi5 defined statement but completed has result.completion.",
    "9.5.4.1-1": "terminated has result.duration.",
    "9.5.4.1-2": "completed has result.duration.",
    "9.5.4.1-3": "passed has result.duration.",
    "9.5.4.1-4": "failed has result.duration.",
    "9.5.5.1": "The progress result extension is an integer from 0 to 100.",
    "9.6.0.0-1": "Every cmi5 defined statement has a context.",
    "9.6.1.0-1": "context.registration is the launch registration.",
    "9.6.2.0-1": "The contextActivities of the contextTemplate (the publisher id grouping activity among them) "
    "are all in the statement's context.",
    "9.6.2.1-1": "A statement with a cmi5 verb about the AU has the cmi5 category activity.",
    "9.6.2.2-1": "A cmi5 defined statement with result.success or result.completion has the moveon category.",
    "9.6.2.2-2": "No other statement has the moveon category activity.",
    "9.6.3.1-4": "Every statement carries the launch's session id context extension.",
    "9.6.3.2-2": "passed and failed judged against a masteryScore carry it in the masteryscore context extension.",
    "9.7.0.0-1": "Every statement has a timestamp.",
    "9.7.0.0-2": "Timestamps are in UTC.",
    "10.2.1.0-5": "The AU never writes or deletes the LMS.LaunchData state document.",
    "10.2.1.0-6": "The statement context follows the contextTemplate and overwrites none of its values.",
    "10.2.2.0-2": "In Browse mode the AU sends no completed, passed or failed.",
    "10.2.2.0-3": "In Review mode the AU sends no completed, passed or failed.",
    "11.0.0.0-3": "On startup the AU reads the cmi5LearnerPreferences agent profile (before its first statement).",
}


_Report = Callable[[str, str], None]


@dataclass(frozen=True)
class Breach:
    """One rule broken by one request or statement."""

    requirement: str
    detail: str
    statement_id: str | None = None

    @property
    def rule(self) -> str:
        """The rule's wording (paraphrased)."""
        return REQUIREMENTS[self.requirement]

    def __str__(self) -> str:
        about = f" (statement {self.statement_id})" if self.statement_id else ""
        return f"{self.requirement}: {self.rule} {self.detail}{about}"


@dataclass(frozen=True)
class LaunchData:
    """What the LMS decided for one AU launch: the LMS.LaunchData document plus the launch URL values."""

    actor: dict[str, Any]
    registration: str
    activity_id: str
    session_id: str
    publisher_id: str
    launch_mode: str = "Normal"
    launch_method: str = "AnyWindow"
    move_on: str = "NotApplicable"
    mastery_score: float | None = None
    return_url: str | None = None
    entitlement_key: str | None = None
    launch_parameters: str | None = None
    template_extensions: dict[str, Any] = field(default_factory=dict)
    """More context extensions the LMS puts in the contextTemplate (cmi5 10: it may add values)."""

    def context_template(self) -> dict[str, Any]:
        """The contextTemplate of the launch data (spec section 10)."""
        return {
            "contextActivities": {"grouping": [{"objectType": "Activity", "id": self.publisher_id}]},
            "extensions": {**self.template_extensions, SESSION_ID: self.session_id},
        }

    def document(self) -> dict[str, Any]:
        """The LMS.LaunchData state document."""
        document: dict[str, Any] = {
            "contextTemplate": self.context_template(),
            "launchMode": self.launch_mode,
            "launchMethod": self.launch_method,
            "moveOn": self.move_on,
        }
        if self.mastery_score is not None:
            document["masteryScore"] = self.mastery_score
        if self.return_url is not None:
            document["returnURL"] = self.return_url
        if self.entitlement_key is not None:
            document["entitlementKey"] = {"courseStructure": self.entitlement_key}
        if self.launch_parameters is not None:
            document["launchParameters"] = self.launch_parameters
        return document


@dataclass
class RegistrationRecord:
    """What one registration (per AU) has already recorded, across its sessions."""

    completed: bool = False
    passed: bool = False


def agent_identity(agent: object) -> tuple[str, str] | None:
    """The inverse functional identifier of an xAPI Agent, comparable across requests."""
    if not isinstance(agent, Mapping):
        return None
    account = agent.get("account")
    if isinstance(account, Mapping):
        return ("account", f"{account.get('homePage')}|{account.get('name')}")
    for key in ("mbox", "mbox_sha1sum", "openid"):
        if isinstance(agent.get(key), str):
            return (key, agent[key])
    return None


def _activity_ids(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value] if isinstance(value, Mapping) else []
    return [item["id"] for item in items if isinstance(item, Mapping) and isinstance(item.get("id"), str)]


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


@dataclass
class SessionRules:
    """Check the statements of one AU session, in arrival order, against the cmi5 rules."""

    launch: LaunchData
    registration: RegistrationRecord = field(default_factory=RegistrationRecord)
    initialized: bool = False
    terminated: bool = False
    verbs: set[str] = field(default_factory=set)
    preferences_read: bool = False
    """Set by the LRS when the session GETs its learner preferences."""
    _preferences_reported: bool = False

    def check(self, statement: object) -> tuple[bool, list[Breach]]:
        """Check one statement; return (whether it is valid xAPI and may be stored, the breaches)."""
        problems = statement_problems(statement)
        if problems:
            statement_id = statement.get("id") if isinstance(statement, Mapping) else None
            return False, [
                Breach("4.1.0.0-1", "; ".join(problems), statement_id if isinstance(statement_id, str) else None)
            ]
        assert isinstance(statement, Mapping)
        found: list[Breach] = []
        statement_id = statement.get("id")

        def breach(requirement: str, detail: str) -> None:
            found.append(Breach(requirement, detail, statement_id))

        if not self.preferences_read and not self._preferences_reported:
            self._preferences_reported = True
            breach("11.0.0.0-3", "The first statement came before a GET of cmi5LearnerPreferences.")
        self._check_envelope(statement, breach)
        verb = statement["verb"]["id"]
        context = _mapping(statement.get("context"))
        categories = _activity_ids(_mapping(context.get("contextActivities")).get("category"))
        about_au = statement["object"]["id"] == self.launch.activity_id
        defined = CMI5_CATEGORY in categories
        if not defined and verb in AU_VERBS and about_au:
            breach("9.6.2.1-1", f"{verb} about the AU lacks the category {CMI5_CATEGORY}.")
            defined = True
        if MOVEON_CATEGORY in categories and not (defined and verb in SATISFYING):
            breach("9.6.2.2-2", f"{verb} has the moveon category.")

        if self.terminated:
            breach("9.3.0.0-5" if defined else "7.1.3.0-1", f"{verb} arrived after terminated.")
        elif not self.initialized and verb != INITIALIZED:
            breach("9.3.0.0-4" if defined else "7.1.3.0-1", f"{verb} arrived before initialized.")
        if defined:
            self._check_defined(statement, verb, categories, breach)
        return True, found

    def _check_envelope(self, statement: Mapping[str, Any], breach: _Report) -> None:
        if not isinstance(statement.get("id"), str):
            breach("9.1.0.0-1", "The statement has no id.")
        timestamp = statement.get("timestamp")
        if timestamp is None:
            breach("9.7.0.0-1", "The statement has no timestamp.")
        elif parse_timestamp(timestamp).utcoffset() != timedelta(0):
            breach("9.7.0.0-2", f"Timestamp {timestamp} is not in UTC.")
        if statement["verb"]["id"] == VOIDED:
            breach("6.3.0.0-1", "The statement voids another.")
        if agent_identity(statement["actor"]) != agent_identity(self.launch.actor):
            breach("8.1.3.0-3", "The actor is not the launch actor.")
        context = statement.get("context")
        if not isinstance(context, Mapping):
            breach("9.6.0.0-1", "The statement has no context.")
            return
        if context.get("registration") != self.launch.registration:
            breach("9.6.1.0-1", f"registration is {context.get('registration')!r}, not {self.launch.registration!r}.")
        extensions = _mapping(context.get("extensions"))
        if extensions.get(SESSION_ID) != self.launch.session_id:
            breach("9.6.3.1-4", f"sessionid is {extensions.get(SESSION_ID)!r}, not {self.launch.session_id!r}.")
        template = self.launch.context_template()
        activities = _mapping(context.get("contextActivities"))
        for key, expected in template["contextActivities"].items():
            missing = set(_activity_ids(expected)) - set(_activity_ids(activities.get(key)))
            if missing:
                breach("9.6.2.0-1", f"contextActivities.{key} lacks {sorted(missing)}.")
        for key, value in template["extensions"].items():
            if key != SESSION_ID and extensions.get(key) != value:
                breach("10.2.1.0-6", f"extension {key} differs from the contextTemplate.")

    def _check_defined(self, statement: Mapping[str, Any], verb: str, categories: list[str], breach: _Report) -> None:
        # The xAPI model already refuses actors other than Agents (9.2.0.0-2).
        if "account" not in statement["actor"]:
            breach("9.2.0.0-3", "The actor has no account.")
        if verb not in AU_VERBS:
            breach("9.3.0.0-1", f"{verb} is not a cmi5 verb an AU may send.")
        if statement["object"]["id"] != self.launch.activity_id:
            breach("8.1.5.0-6", f"object id is {statement['object']['id']!r}.")
        if verb in SATISFYING and self.launch.launch_mode in ("Browse", "Review"):
            breach("10.2.2.0-2" if self.launch.launch_mode == "Browse" else "10.2.2.0-3", f"{verb} was sent.")
        self._check_result(statement, verb, categories, breach)
        self._check_order(verb, breach)

    def _check_result(self, statement: Mapping[str, Any], verb: str, categories: list[str], breach: _Report) -> None:
        result = _mapping(statement.get("result"))
        if verb == COMPLETED and result.get("completion") is not True:
            breach("9.5.3.0-1", "")
        if verb != COMPLETED and "completion" in result:
            breach("9.5.3.0-2", f"{verb} has completion.")
        if verb == PASSED and result.get("success") is not True:
            breach("9.5.2.0-1", "")
        if verb == FAILED and result.get("success") is not False:
            breach("9.5.2.0-2", "")
        if verb not in JUDGED and "success" in result:
            breach("9.5.2.0-3", f"{verb} has success.")
        if ("success" in result or "completion" in result) and MOVEON_CATEGORY not in categories:
            breach("9.6.2.2-1", f"{verb} lacks the category {MOVEON_CATEGORY}.")
        durations = {TERMINATED: "9.5.4.1-1", COMPLETED: "9.5.4.1-2", PASSED: "9.5.4.1-3", FAILED: "9.5.4.1-4"}
        if verb in durations and "duration" not in result:
            breach(durations[verb], "")
        progress = _mapping(result.get("extensions")).get(PROGRESS)
        if progress is not None and not (type(progress) is int and 0 <= progress <= 100):
            breach("9.5.5.1", f"progress is {progress!r}.")
        score = _mapping(result.get("score"))
        if score and verb not in JUDGED:
            breach("9.5.1.0-2", f"{verb} has a score.")
        if "raw" in score and not ("min" in score and "max" in score):
            breach("9.5.1.0-3", "")
        scaled = score.get("scaled")
        if scaled is not None and not 0 <= scaled <= 1:
            breach("9.5.1", f"scaled is {scaled}.")
        mastery = self.launch.mastery_score
        if mastery is None or verb not in JUDGED:
            return
        extension = _mapping(_mapping(statement.get("context")).get("extensions")).get(MASTERY_SCORE)
        if extension != mastery:
            breach("9.6.3.2-2", f"masteryscore extension is {extension!r}, launch data says {mastery}.")
        if scaled is not None and verb == PASSED and scaled < mastery:
            breach("9.3.4.0-2", f"scaled {scaled} < masteryScore {mastery}.")
        if scaled is not None and verb == FAILED and scaled >= mastery:
            breach("9.3.6.0-1", f"scaled {scaled} >= masteryScore {mastery}.")

    def _check_order(self, verb: str, breach: _Report) -> None:
        if verb in self.verbs:
            breach("9.3.0.0-2", f"{verb} was already sent in this session.")
        if verb in JUDGED and (JUDGED - {verb}) & self.verbs:
            breach("9.3.0.0-3", "The session has both passed and failed.")
        if verb == COMPLETED and self.registration.completed and COMPLETED not in self.verbs:
            breach("9.3.0.0-6", "An earlier session of this registration sent completed.")
        if verb == PASSED and self.registration.passed and PASSED not in self.verbs:
            breach("9.3.0.0-7", "An earlier session of this registration sent passed.")
        if verb == FAILED and self.registration.passed:
            breach("9.3.0.0-8", "This registration already passed.")
        self.verbs.add(verb)
        self.initialized = self.initialized or verb == INITIALIZED
        self.terminated = self.terminated or verb == TERMINATED
        self.registration.completed = self.registration.completed or verb == COMPLETED
        self.registration.passed = self.registration.passed or verb == PASSED
