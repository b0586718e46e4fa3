from __future__ import annotations

import json
from pathlib import Path

from compiler.model.schema import json_schemas

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "schemas"


def test_schemas_describe_every_course_field_for_editors() -> None:
    course = json.loads(json_schemas()["course.schema.json"])
    assert course["additionalProperties"] is False
    assert all("description" in spec for spec in course["properties"].values())
    question = json.loads(json_schemas()["question.schema.json"])
    assert sorted(question["discriminator"]["mapping"]) == [
        "fill-in",
        "matching",
        "multiple",
        "sequencing",
        "single",
        "true-false",
    ]


def test_committed_schemas_are_up_to_date() -> None:
    """Regenerate with: coursec schema -o docs/schemas"""
    committed = {path.name: path.read_text(encoding="utf-8") for path in COMMITTED.glob("*.json")}
    assert committed == json_schemas()
