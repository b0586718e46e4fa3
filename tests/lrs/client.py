"""A scripted AU over plain HTTP (urllib): what a cmi5 AU does at launch, step by step, for the LRS tests."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from compiler.targets.cmi5.rules import CMI5_CATEGORY, MASTERY_SCORE, MOVEON_CATEGORY, VERBS

XAPI_HEADERS = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}


@dataclass(frozen=True)
class Answer:
    """An HTTP answer."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def http(method: str, url: str, body: object = None, headers: dict[str, str] | None = None) -> Answer:
    """Send one request; HTTP errors are answers too."""
    data = None if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


@dataclass
class ScriptedAU:
    """Reads its launch URL like an AU, then sends what the test tells it to."""

    launch_url: str
    token: str = ""
    launch_data: dict[str, Any] = field(default_factory=dict)

    @property
    def parameters(self) -> dict[str, str]:
        """The launch parameters of the URL (each given once)."""
        return {name: values[0] for name, values in parse_qs(urlsplit(self.launch_url).query).items()}

    @property
    def actor(self) -> dict[str, Any]:
        return dict(json.loads(self.parameters["actor"]))

    def start(self, *, read_preferences: bool = True) -> ScriptedAU:
        """POST to the fetch URL once, read LMS.LaunchData and (unless told not to) the learner preferences."""
        answer = http("POST", self.parameters["fetch"])
        self.token = answer.json()["auth-token"]
        got = self.xapi("GET", "activities/state", query=self.state_query("LMS.LaunchData"))
        assert got.status == 200, got
        self.launch_data = got.json()
        if read_preferences:
            query = {"agent": json.dumps(self.actor), "profileId": "cmi5LearnerPreferences"}
            assert self.xapi("GET", "agents/profile", query=query).status in (200, 404)
        return self

    def state_query(self, state_id: str | None = None) -> dict[str, str]:
        query = {
            "activityId": self.parameters["activityId"],
            "agent": json.dumps(self.actor),
            "registration": self.parameters["registration"],
        }
        return query if state_id is None else {**query, "stateId": state_id}

    def xapi(
        self,
        method: str,
        resource: str,
        body: object = None,
        query: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """One xAPI request with the auth-token and version header (headers may replace them)."""
        url = self.parameters["endpoint"] + resource + ("?" + urlencode(query) if query else "")
        sent = {**XAPI_HEADERS, "Authorization": f"Basic {self.token}", **(headers or {})}
        return http(method, url, body, {k: v for k, v in sent.items() if v})

    def statement(
        self,
        verb: str,
        *,
        result: dict[str, Any] | None = None,
        moveon: bool = False,
        cmi5: bool = True,
        mastery: bool = False,
        object_id: str | None = None,
    ) -> dict[str, Any]:
        """A statement built on the contextTemplate, as the spec tells an AU to build it."""
        template = self.launch_data["contextTemplate"]
        categories = [{"id": CMI5_CATEGORY}] * cmi5 + [{"id": MOVEON_CATEGORY}] * moveon
        context: dict[str, Any] = {
            **template,
            "registration": self.parameters["registration"],
            "contextActivities": {**template["contextActivities"], **({"category": categories} if categories else {})},
            "extensions": dict(template["extensions"]),
        }
        if mastery:
            context["extensions"][MASTERY_SCORE] = self.launch_data["masteryScore"]
        statement: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "actor": self.actor,
            "verb": {"id": verb if ":" in verb else VERBS + verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
            "object": {"objectType": "Activity", "id": object_id or self.parameters["activityId"]},
            "context": context,
            "timestamp": "2026-01-01T10:00:00.000Z",
        }
        if result is not None:
            statement["result"] = result
        return statement

    def send(self, *statements: dict[str, Any]) -> Answer:
        """POST statements, one request."""
        return self.xapi("POST", "statements", list(statements))

    # The cmi5 defined statements of a correct session.
    def initialized(self) -> dict[str, Any]:
        return self.statement("initialized")

    def completed(self) -> dict[str, Any]:
        return self.statement("completed", moveon=True, result={"completion": True, "duration": "PT2M"})

    def passed(self, scaled: float = 0.9) -> dict[str, Any]:
        result = {"success": True, "score": {"scaled": scaled}, "duration": "PT3M"}
        return self.statement("passed", moveon=True, result=result, mastery="masteryScore" in self.launch_data)

    def failed(self, scaled: float = 0.4) -> dict[str, Any]:
        result = {"success": False, "score": {"scaled": scaled}, "duration": "PT3M"}
        return self.statement("failed", moveon=True, result=result, mastery="masteryScore" in self.launch_data)

    def terminated(self) -> dict[str, Any]:
        return self.statement("terminated", result={"duration": "PT4M"})

    def answered(self) -> dict[str, Any]:
        """A cmi5 allowed statement: a graded answer with its interaction definition."""
        statement = self.statement("answered", cmi5=False, object_id=self.parameters["activityId"] + "/q/privacy-1")
        statement["object"]["definition"] = {
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "interactionType": "choice",
            "correctResponsesPattern": ["b"],
            "choices": [{"id": "a", "description": {"nl": "Ja"}}, {"id": "b", "description": {"nl": "Nee"}}],
        }
        statement["result"] = {"response": "b", "success": True}
        return statement
