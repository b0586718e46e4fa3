"""How each target's LMS (or, for the web target, the browser) records a learner: one view per target.

The learner scenarios are written once against `View`; each view reads what its LMS holds and
asserts the standard's formats strictly, since scorm-again accepts some values a stricter LMS
would refuse (S12-I3, S04-D4, S04-I2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .conftest import CMI_TIME, SESSION_TIME, LmsSession

ISO_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$")
TIMESTAMP_2004 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,2}(Z|[+-]\d{2}(:\d{2})?)?)?$")
URI = re.compile(r"^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$")
REAL = re.compile(r"^-?\d+(\.\d+)?$")
# S12-I3: CMIFeedback formats per interaction type.
FORMATS_12 = {
    "true-false": re.compile(r"^[tf]$"),
    "choice": re.compile(r"^[a-z](,[a-z])*$"),
    "fill-in": re.compile(r"^[^\n\r]{0,255}$"),
    "matching": re.compile(r"^[a-z0-9]\.[a-z0-9](,[a-z0-9]\.[a-z0-9])*$"),
    "sequencing": re.compile(r"^[a-z0-9](,[a-z0-9])*$"),
}
# S04-I2: learner_response / pattern formats (RTE table 4.2.9.2a); identifiers without the reserved delimiters.
_ID = r"[A-Za-z0-9_-]{1,250}"
_TEXT = r"(\{lang=[A-Za-z-]+\})?(?!\{)[^\n\r]{0,250}"
FORMATS_2004 = {
    "true-false": re.compile(r"^(true|false)$"),
    "choice": re.compile(rf"^{_ID}(\[,\]{_ID})*$"),
    "fill-in": re.compile(rf"^(\{{case_matters=(true|false)\}})?{_TEXT}$"),
    "matching": re.compile(rf"^{_ID}\[\.\]{_ID}(\[,\]{_ID}\[\.\]{_ID})*$"),
    "sequencing": re.compile(rf"^{_ID}(\[,\]{_ID})*$"),
}


@dataclass(frozen=True)
class Outcome:
    """What the LMS holds about the learner, in the runtime's words."""

    status: str
    """passed, failed, completed or incomplete."""
    score: int | None
    """The score in percent, once reported."""
    suspended: bool | None
    """Whether the LMS will resume the attempt (exit=suspend); None without an LMS."""
    location: str
    suspend_data: str


def _set_values(session: LmsSession, setter: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for call in session.calls(setter):
        args = call["args"]
        assert isinstance(args, list)
        values[str(args[0])] = str(args[1])
    return values


def _records(values: dict[str, str]) -> list[dict[str, str]]:
    records: dict[int, dict[str, str]] = {}
    for element, value in values.items():
        match = re.fullmatch(r"cmi\.interactions\.(\d+)\.(.+)", element)
        if match:
            records.setdefault(int(match.group(1)), {})[match.group(2)] = value
    assert sorted(records) == list(range(len(records))), "interactions must be appended in order"
    return [records[n] for n in sorted(records)]


def _one_finish(session: LmsSession, initialize: str, finish: str) -> dict[str, Any]:
    finishes = session.log()["finishes"]
    assert len(finishes) == 1
    assert len(session.calls(finish)) == 1
    assert len(session.calls(initialize)) == 1
    snapshot = finishes[0]
    assert isinstance(snapshot, dict)
    return snapshot


class View:
    """The target-neutral questions a scenario asks; each target answers them its own way."""

    target = ""
    reports_interactions = True

    def first_launch(self, mastery_score: int | None = None) -> dict[str, Any]:
        """launch() keyword arguments for a learner's first launch."""
        raise NotImplementedError

    def relaunch(self, previous: LmsSession, mastery_score: int | None = None) -> dict[str, Any]:
        """launch() keyword arguments for the next launch after `previous` was closed midway."""
        raise NotImplementedError

    def finished(self, session: LmsSession) -> Outcome:
        """What the LMS holds once the course ended its session (exactly once)."""
        raise NotImplementedError

    def current(self, session: LmsSession) -> Outcome:
        """What the course has reported so far."""
        raise NotImplementedError

    def interactions(self, session: LmsSession) -> list[dict[str, str]]:
        """The graded answers reported, as {id, type, result}, each checked against the standard."""
        raise NotImplementedError


class Scorm12View(View):
    target = "scorm12"

    def first_launch(self, mastery_score: int | None = None) -> dict[str, Any]:
        cmi: dict[str, object] = {
            "core": {
                "student_id": "learner-1",
                "student_name": "Doe, Jane",
                "entry": "ab-initio",
                "lesson_status": "not attempted",
                "lesson_mode": "normal",
                "credit": "credit",
            }
        }
        if mastery_score is not None:
            cmi["student_data"] = {"mastery_score": str(mastery_score)}
        return {"seed": {"cmi": cmi}}

    def relaunch(self, previous: LmsSession, mastery_score: int | None = None) -> dict[str, Any]:
        snapshot = _one_finish(previous, "LMSInitialize", "LMSFinish")
        seed = self.first_launch(mastery_score)
        core = snapshot["core"]
        seed["seed"]["cmi"]["core"].update(
            entry="resume", lesson_status=core["lesson_status"], lesson_location=core["lesson_location"]
        )
        seed["seed"]["cmi"]["suspend_data"] = snapshot["suspend_data"]
        return seed

    def finished(self, session: LmsSession) -> Outcome:
        snapshot = _one_finish(session, "LMSInitialize", "LMSFinish")
        core = snapshot["core"]
        assert SESSION_TIME.match(str(core["session_time"]))
        status = str(core["lesson_status"])
        assert core["exit"] == ("suspend" if status == "incomplete" else "")
        score = core["score"]
        raw = str(score["raw"])
        if raw:
            assert (score["min"], score["max"]) == ("0", "100")
        return Outcome(
            status, int(raw) if raw else None, core["exit"] == "suspend", str(core["lesson_location"]),
            str(snapshot["suspend_data"]),
        )  # fmt: skip

    def current(self, session: LmsSession) -> Outcome:
        values = _set_values(session, "LMSSetValue")
        raw = values.get("cmi.core.score.raw")
        return Outcome(
            values["cmi.core.lesson_status"],
            int(raw) if raw else None,
            values.get("cmi.core.exit") == "suspend",
            values.get("cmi.core.lesson_location", ""),
            values.get("cmi.suspend_data", ""),
        )

    def interactions(self, session: LmsSession) -> list[dict[str, str]]:
        records = _records(_set_values(session, "LMSSetValue"))
        for record in records:
            assert re.fullmatch(r"[A-Za-z0-9_-]{1,255}", record["id"])
            kind = record["type"]
            assert FORMATS_12[kind].match(record["student_response"]), record
            assert FORMATS_12[kind].match(record["correct_responses.0.pattern"]), record
            assert record["result"] in ("correct", "wrong")
            assert CMI_TIME.match(record["time"])
            assert REAL.match(record["weighting"])
        return [
            {"id": r["id"], "type": r["type"], "result": "correct" if r["result"] == "correct" else "incorrect"}
            for r in records
        ]


class Scorm2004View(View):
    target = "scorm2004"

    def first_launch(self, mastery_score: int | None = None) -> dict[str, Any]:
        cmi: dict[str, object] = {
            "learner_id": "learner-1",
            "learner_name": "Doe, Jane",
            "entry": "ab-initio",
            "mode": "normal",
            "credit": "credit",
        }
        if mastery_score is not None:
            cmi["scaled_passing_score"] = str(Decimal(mastery_score) / 100)
        return {"seed": {"cmi": cmi}}

    def relaunch(self, previous: LmsSession, mastery_score: int | None = None) -> dict[str, Any]:
        snapshot = _one_finish(previous, "Initialize", "Terminate")
        assert snapshot["exit"] == "suspend"  # S04-D6: only then does the LMS resume the attempt
        seed = self.first_launch(mastery_score)
        seed["seed"]["cmi"].update(
            entry="resume",
            location=snapshot["location"],
            suspend_data=snapshot["suspend_data"],
            completion_status=snapshot["completion_status"],
            success_status=snapshot["success_status"],
        )
        return seed

    def _outcome(self, values: dict[str, str], session: LmsSession) -> Outcome:
        completion = values["completion_status"]
        success = values["success_status"]
        assert completion in ("completed", "incomplete")
        assert success in ("passed", "failed", "unknown")
        assert 0 <= float(values["progress_measure"]) <= 1
        if completion == "completed":
            assert float(values["progress_measure"]) == 1
        mastery = session.package.data["mastery"]
        scaled = values.get("scaled", "")
        if success != "unknown":
            assert completion == "completed"
            # S04-D1: the LMS compares score.scaled with the scaled passing score.
            assert REAL.match(scaled)
            assert -1 <= float(scaled) <= 1
            assert (float(scaled) >= mastery / 100) == (success == "passed")
            assert (values["min"], values["max"]) == ("0", "100")
            assert float(values["raw"]) == round(float(scaled) * 100)
        status = success if success != "unknown" else completion
        assert values["exit"] == ("suspend" if completion == "incomplete" else "normal")
        return Outcome(
            status, round(float(scaled) * 100) if scaled else None, values["exit"] == "suspend",
            values.get("location", ""), values.get("suspend_data", ""),
        )  # fmt: skip

    def finished(self, session: LmsSession) -> Outcome:
        snapshot = _one_finish(session, "Initialize", "Terminate")
        assert ISO_DURATION.match(str(snapshot["session_time"])), snapshot["session_time"]
        score = snapshot.get("score") or {}
        values = {
            key: str(snapshot.get(key, ""))
            for key in ("completion_status", "success_status", "progress_measure", "exit", "location", "suspend_data")
        }
        values.update({key: str(score.get(key, "")) for key in ("scaled", "raw", "min", "max")})
        return self._outcome(values, session)

    def current(self, session: LmsSession) -> Outcome:
        values = {
            key.removeprefix("cmi.").replace("score.", ""): v for key, v in _set_values(session, "SetValue").items()
        }
        return self._outcome(values, session)

    def interactions(self, session: LmsSession) -> list[dict[str, str]]:
        records = _records(_set_values(session, "SetValue"))
        for record in records:
            assert URI.match(record["id"]), record["id"]  # S04-I1
            kind = record["type"]
            assert FORMATS_2004[kind].match(record["learner_response"]), record
            patterns = [v for k, v in record.items() if re.fullmatch(r"correct_responses\.\d+\.pattern", k)]
            assert patterns
            assert all(FORMATS_2004[kind].match(pattern) for pattern in patterns), record
            assert record["result"] in ("correct", "incorrect")
            assert TIMESTAMP_2004.match(record["timestamp"]), record["timestamp"]
            assert 0 < len(record["description"]) <= 250
            assert REAL.match(record["weighting"])
        order = [
            call["args"][0].rsplit(".", 1)[-1]  # type: ignore[index]
            for call in session.calls("SetValue")
            if str(call["args"][0]).startswith("cmi.interactions.0.")  # type: ignore[index]
        ]
        if records:  # S04-I1: id first, and type before any response (else 408)
            assert order[0] == "id"
            assert order.index("type") < min(order.index("learner_response"), order.index("pattern"))
        return [{"id": r["id"], "type": r["type"], "result": r["result"]} for r in records]


class WebView(View):
    target = "web"
    reports_interactions = False

    def first_launch(self, mastery_score: int | None = None) -> dict[str, Any]:
        return {}

    def relaunch(self, previous: LmsSession, mastery_score: int | None = None) -> dict[str, Any]:
        return {"after": previous}  # the same browser, so the same localStorage

    def _outcome(self, stored: dict[str, str]) -> Outcome:
        score = stored.get("score")
        return Outcome(stored["status"], int(score) if score else None, None, stored["location"], stored["suspendData"])

    def finished(self, session: LmsSession) -> Outcome:
        assert session.log()["calls"] == []  # no LMS, nothing called
        return self._outcome(session.stored())

    def current(self, session: LmsSession) -> Outcome:
        session.frame.evaluate(
            "Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});"
            "document.dispatchEvent(new Event('visibilitychange'));"
            "Object.defineProperty(document, 'visibilityState', {value: 'visible', configurable: true});"
        )
        return self._outcome(session.stored())

    def interactions(self, session: LmsSession) -> list[dict[str, str]]:
        return []


SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
LMS_VERBS = ("launched", "abandoned", "waived", "satisfied")
XAPI_RESPONSE = FORMATS_2004
"""xAPI response and correctResponsesPattern strings use the SCORM 2004 delimiters ([,] and [.])."""


class Cmi5View:
    """What the LRS holds about a cmi5 session: its statements, read as the runtime's outcome.

    Not a `View`: cmi5 has no LMS API to seed; the tests launch through tests/lrs and read the LRS.
    """

    target = "cmi5"
    state_id = "urn:x-coursec:state"

    def session(self, lrs: Any, launch: Any) -> list[dict[str, Any]]:
        """The AU's statements of one launch (the LMS's own left out), in arrival order."""
        return [
            statement
            for statement in lrs.statements
            if statement["context"]["extensions"].get(SESSION_ID) == launch.data.session_id
            and self.verb(statement) not in LMS_VERBS
        ]

    @staticmethod
    def verb(statement: dict[str, Any]) -> str:
        return str(statement["verb"]["id"]).rsplit("/", 1)[-1]

    def verbs(self, statements: list[dict[str, Any]]) -> list[str]:
        return [self.verb(statement) for statement in statements]

    def outcome(self, statements: list[dict[str, Any]]) -> Outcome:
        """The status and score the statements report (the bookmark lives in the State API)."""
        verbs = self.verbs(statements)
        status = next((v for v in ("passed", "failed", "completed") if v in verbs), "incomplete")
        judged = [s for s in statements if self.verb(s) in ("passed", "failed")]
        score = round(judged[0]["result"]["score"]["scaled"] * 100) if judged else None
        return Outcome(status, score, None, "", "")

    def saved_state(self, lrs: Any, launch: Any) -> dict[str, Any]:
        """The learner state document the AU keeps per registration."""
        data = launch.data
        document: dict[str, Any] = lrs.document(data.activity_id, data.actor, data.registration, self.state_id)
        return document

    def interactions(self, statements: list[dict[str, Any]]) -> list[dict[str, str]]:
        """The answered statements as {id, type, result}, their formats checked."""
        records = []
        for statement in statements:
            if self.verb(statement) != "answered":
                continue
            definition = statement["object"]["definition"]
            kind = definition["interactionType"]
            assert XAPI_RESPONSE[kind].match(statement["result"]["response"]), statement
            assert definition["correctResponsesPattern"]
            assert all(XAPI_RESPONSE[kind].match(p) for p in definition["correctResponsesPattern"]), definition
            result = "correct" if statement["result"]["success"] else "incorrect"
            records.append({"id": statement["object"]["id"], "type": kind, "result": result})
        return records


VIEWS: dict[str, View] = {view.target: view for view in (Scorm12View(), Scorm2004View(), WebView())}
