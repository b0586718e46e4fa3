from __future__ import annotations

import json
import uuid
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from compiler.api import compile_course
from compiler.targets.base import load_preview
from compiler.targets.cmi5.preview import PREVIEW, PreviewLrs, launch
from compiler.targets.cmi5.rules import CMI5_CATEGORY, MOVEON_CATEGORY

ROOT = Path(__file__).resolve().parents[4]
BASE = "http://127.0.0.1:9/_preview/lms/"
VERBS = "http://adlnet.gov/expapi/verbs/"
SETTINGS = {"publisherId": "urn:coursec:demo/au", "url": "index.html", "moveOn": "Completed", "masteryScore": None}


def call(lrs: PreviewLrs, method: str, path: str, body: object = None, **query: str) -> tuple[int, Any]:
    data = b"" if body is None else json.dumps(body).encode()
    headers = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}
    status, kind, answer = lrs.handle(method, path, query, headers, data)
    return status, json.loads(answer) if kind.startswith("application/json") and answer else answer


class Au:
    """A scripted AU of one launch: fetches its token and sends statements as the runtime does."""

    def __init__(self, lrs: PreviewLrs, registration: str | None = None) -> None:
        self.lrs = lrs
        status, answer = call(lrs, "POST", "launch", {"launch": SETTINGS, "base": BASE, "registration": registration})
        assert status == 200
        self.parameters = answer["parameters"]
        self.registration = answer["registration"]
        fetch_key = urlsplit(self.parameters["fetch"]).path.rsplit("/", 1)[-1]
        status, token = call(lrs, "POST", "fetch/" + fetch_key)
        self.token = token["auth-token"]
        self.fetch_key = fetch_key
        state = {"stateId": "LMS.LaunchData", "activityId": self.parameters["activityId"]}
        state["registration"] = self.registration
        self.data = self.get("xapi/activities/state", agent=self.parameters["actor"], **state)[1]
        self.get("xapi/agents/profile", agent=self.parameters["actor"], profileId="cmi5LearnerPreferences")

    def request(self, method: str, path: str, body: object = None, **query: str) -> tuple[int, Any]:
        data = b"" if body is None else json.dumps(body).encode()
        headers = {"Authorization": "Basic " + self.token, "X-Experience-API-Version": "1.0.3"}
        status, kind, answer = self.lrs.handle(method, path, query, headers, data)
        return status, json.loads(answer) if kind.startswith("application/json") and answer else answer

    def get(self, path: str, **query: str) -> tuple[int, Any]:
        return self.request("GET", path, **query)

    def send(self, verb: str, result: dict[str, Any] | None = None) -> int:
        template = self.data["contextTemplate"]
        categories = [{"id": CMI5_CATEGORY}] + ([{"id": MOVEON_CATEGORY}] if result and "completion" in result else [])
        statement: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "actor": json.loads(self.parameters["actor"]),
            "verb": {"id": VERBS + verb},
            "object": {"objectType": "Activity", "id": self.parameters["activityId"]},
            "timestamp": "2026-03-01T10:15:30.25Z",
            "context": {
                "registration": self.registration,
                "contextActivities": {**template["contextActivities"], "category": categories},
                "extensions": template["extensions"],
            },
        }
        if result is not None:
            statement["result"] = result
        return self.request("POST", "xapi/statements", [statement])[0]


def record(lrs: PreviewLrs, registration: str) -> dict[str, Any]:
    status, answer = call(lrs, "GET", "record", registration=registration)
    assert status == 200
    result: dict[str, Any] = answer
    return result


def test_a_launch_hands_the_au_its_parameters_and_the_fetch_url_answers_once() -> None:
    lrs = PreviewLrs()
    au = Au(lrs)
    assert sorted(au.parameters) == ["activityId", "actor", "endpoint", "fetch", "registration"]
    assert au.parameters["endpoint"] == BASE + "xapi/"
    assert au.parameters["activityId"] != SETTINGS["publisherId"]  # the LMS's own id (cmi5 8.1)
    assert au.data["moveOn"] == "Completed"
    assert au.data["contextTemplate"]["contextActivities"]["grouping"] == [
        {"objectType": "Activity", "id": "urn:coursec:demo/au"}
    ]
    assert call(lrs, "POST", "fetch/" + au.fetch_key)[1]["error-code"] == "1"
    assert call(lrs, "GET", "fetch/" + au.fetch_key)[0] == 405
    assert [s["verb"] for s in record(lrs, au.registration)["statements"]] == ["launched"]


def test_requests_without_the_version_header_or_the_token_are_refused() -> None:
    lrs = PreviewLrs()
    au = Au(lrs)
    status, _, _ = lrs.handle("GET", "xapi/statements", {}, {"Authorization": "Basic " + au.token}, b"")
    assert status == 400
    status, _, _ = lrs.handle("GET", "xapi/statements", {}, {"X-Experience-API-Version": "1.0.3"}, b"")
    assert status == 401
    state = {"stateId": "LMS.LaunchData", "activityId": au.parameters["activityId"], "agent": au.parameters["actor"]}
    state["registration"] = au.registration
    assert au.request("PUT", "xapi/activities/state", {"x": 1}, **state)[0] == 403  # the LMS's document
    problems = [p["breach"] for p in record(lrs, au.registration)["problems"]]
    assert any(p.startswith("4.1.0.0-1") for p in problems)
    assert any(p.startswith("10.2.1.0-5") for p in problems)


def test_statements_are_checked_in_arrival_order_and_the_record_keeps_them_all() -> None:
    lrs = PreviewLrs()
    au = Au(lrs)
    assert au.send("completed", {"completion": True, "duration": "PT1M"}) == 200  # stored, with its breach
    assert au.send("initialized") == 200
    assert au.send("initialized") == 401  # a repeated cmi5 verb is refused, as CATAPULT does
    assert au.send("terminated", {"duration": "PT2M"}) == 200
    assert au.send("completed", {"completion": True, "duration": "PT1M"}) == 401  # after terminated
    shown = record(lrs, au.registration)
    assert [(s["by"], s["verb"]) for s in shown["statements"]] == [
        ("LMS", "launched"),
        ("AU", "completed"),
        ("AU", "initialized"),
        ("AU", "terminated"),
    ]
    assert any(b.startswith("9.3.0.0-4") for b in shown["statements"][1]["breaches"])
    assert shown["statements"][2]["breaches"] == []
    assert shown["sessions"] == [{"n": 1, "state": "terminated", "fetched": True}]
    assert any(p["breach"].startswith("9.3.0.0-2") for p in shown["problems"])


def test_a_relaunch_abandons_an_open_session_and_keeps_the_registration_and_the_state() -> None:
    lrs = PreviewLrs()
    first = Au(lrs)
    first.send("initialized")
    state = {"stateId": "urn:x-coursec:state", "activityId": first.parameters["activityId"]}
    state["registration"] = first.registration
    saved = {"location": "tweede", "suspendData": "x", "status": "incomplete", "sent": {}}
    assert first.request("PUT", "xapi/activities/state", saved, agent=first.parameters["actor"], **state)[0] == 204
    second = Au(lrs, first.registration)
    assert second.registration == first.registration
    assert second.parameters["activityId"] == first.parameters["activityId"]
    assert first.send("terminated", {"duration": "PT1M"}) == 403  # the abandoned session's token
    shown = record(lrs, first.registration)
    assert [s["verb"] for s in shown["statements"]] == ["launched", "initialized", "abandoned", "launched"]
    assert [s["state"] for s in shown["sessions"]] == ["abandoned", "open"]
    assert shown["state"] == saved
    assert record(lrs, Au(lrs).registration)["state"] is None  # a new learner has none


def test_launch_settings_come_from_cmi5_xml() -> None:
    result = compile_course(ROOT / "tests" / "golden" / "graded" / "course_src", None, targets=["cmi5"])
    assert result.ok
    settings = launch(result.files)
    assert settings["publisherId"] == "urn:coursec:graded/au"
    assert settings["moveOn"] == "CompletedAndPassed"
    assert settings["masteryScore"] == 0.75
    assert launch({}) == {}


def test_the_target_folder_supplies_the_emulation_with_its_lrs() -> None:
    assert load_preview("cmi5") is PREVIEW
    assert PREVIEW.backend is not None
    assert isinstance(PREVIEW.backend(), PreviewLrs)
    script = (resources.files("compiler.targets.cmi5") / PREVIEW.scripts[0]).read_text(encoding="utf-8")
    assert "LMS.adapters.cmi5 = {" in script
