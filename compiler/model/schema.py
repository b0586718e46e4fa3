"""Course models -> JSON Schema documents for editors (VS Code YAML extension and others)."""

from __future__ import annotations

import json

from pydantic import BaseModel, TypeAdapter

from compiler.blocks.registry import block_types
from compiler.model.course import (
    Assignment,
    Bank,
    CourseConfig,
    LessonFrontMatter,
    Media,
    Question,
    Quiz,
)

_SCHEMA_BASE = "https://coursec.invalid/schemas/"


def _document(name: str, schema: dict[str, object], title: str) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": _SCHEMA_BASE + name, **schema}
    schema["title"] = title
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def json_schemas() -> dict[str, str]:
    """The schema files by name; deterministic text."""
    models: dict[str, tuple[type[BaseModel], str]] = {
        "course.schema.json": (CourseConfig, "coursec course.yaml"),
        "quiz.schema.json": (Quiz, "coursec quiz.yaml"),
        "bank.schema.json": (Bank, "coursec question bank (banks/<name>.yaml)"),
        "lesson-front-matter.schema.json": (LessonFrontMatter, "coursec lesson front matter"),
        "media.schema.json": (Media, "coursec media block"),
        "assignment.schema.json": (Assignment, "coursec assignment block"),
    }
    # One schema per registered block (compiler/blocks/<name>/): e.g. tabs.schema.json.
    models.update(
        {f"{name}.schema.json": (block.model, f"coursec {name} block") for name, block in block_types().items()}
    )
    schemas = {name: _document(name, model.model_json_schema(), title) for name, (model, title) in models.items()}
    question: TypeAdapter[object] = TypeAdapter(Question)
    schemas["question.schema.json"] = _document(
        "question.schema.json", question.json_schema(), "coursec question block"
    )
    return dict(sorted(schemas.items()))
