"""`coursec new`: a starter course that compiles cleanly, shows every block and question type once."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from compiler.api import compile_course
from compiler.model.course import Callout, QuestionBlock
from compiler.model.schema import json_schemas
from compiler.scaffold import LANGUAGES, TargetNotEmptyError, course_id_for, write_starter_course

QUESTION_TYPES = ["fill-in", "matching", "multiple", "sequencing", "single", "true-false"]
BLOCK_KINDS = ["assignment", "callout", "media", "prose", "question"]
_MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_starter_course_compiles_without_errors_or_warnings(tmp_path: Path, language: str) -> None:
    course_dir = tmp_path / "course"
    write_starter_course(course_dir, language)
    result = compile_course(course_dir, tmp_path / "build")
    assert result.diagnostics == []
    assert result.package_path is not None
    assert result.package_path.is_file()
    assert result.course is not None
    assert result.course.config.language == language
    assert not any(name.startswith(".coursec") for name in result.files), "editor schemas are not packaged"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_block_and_question_type_appears_once(tmp_path: Path, language: str) -> None:
    write_starter_course(tmp_path / "course", language)
    course = compile_course(tmp_path / "course", None).course
    assert course is not None
    blocks = [block for lesson in course.lessons for block in lesson.blocks]
    assert sorted({block.kind for block in blocks}) == BLOCK_KINDS
    assert sorted(block.variant for block in blocks if isinstance(block, Callout)) == ["note", "tip", "warning"]
    questions = [block.question for block in blocks if isinstance(block, QuestionBlock)]
    assert course.quiz is not None
    questions += course.quiz.questions
    assert Counter(question.type for question in questions) == Counter(QUESTION_TYPES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_yaml_files_point_at_schemas_written_next_to_the_course(tmp_path: Path, language: str) -> None:
    course_dir = tmp_path / "course"
    written = write_starter_course(course_dir, language)
    for name in ("course.yaml", "quiz.yaml"):
        text = (course_dir / name).read_text(encoding="utf-8")
        [schema] = _MODELINE.findall(text)
        assert not schema.startswith(("/", "http")), "relative, so it resolves wherever the course is"
        target = (course_dir / name).parent / schema
        assert json.loads(target.read_text(encoding="utf-8"))["title"] == f"coursec {name}"
    for name, text in json_schemas().items():
        assert (course_dir / ".coursec" / "schemas" / name).read_text(encoding="utf-8") == text
    assert (course_dir / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "build/"
    assert sorted(written) == sorted(p.relative_to(course_dir).as_posix() for p in course_dir.rglob("*") if p.is_file())


def test_title_is_written_as_given_and_the_id_comes_from_the_folder(tmp_path: Path) -> None:
    course_dir = tmp_path / "Veilig Mailen!"
    write_starter_course(course_dir, "en", 'Safe: e-mail #1 "basics"')
    course = compile_course(course_dir, None).course
    assert course is not None
    assert course.config.title == 'Safe: e-mail #1 "basics"'
    assert course.config.id == "veilig-mailen"


@pytest.mark.parametrize(
    ("folder", "expected"), [("My Course", "my-course"), ("---", "my-course"), ("a" * 80, "a" * 64)]
)
def test_course_ids_are_slugs(tmp_path: Path, folder: str, expected: str) -> None:
    assert course_id_for(tmp_path / folder, "en") == expected


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "course").mkdir()
    write_starter_course(tmp_path / "course", "nl")
    assert (tmp_path / "course" / "course.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course"], "no staging folder is left behind"


def test_a_folder_with_files_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(TargetNotEmptyError, match="not an empty folder"):
        write_starter_course(tmp_path / "course", "nl")
    assert [p.name for p in (tmp_path / "course").iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course"]


def test_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "course").write_text("mine", encoding="utf-8")
    with pytest.raises(TargetNotEmptyError):
        write_starter_course(tmp_path / "course", "en")
    assert (tmp_path / "course").read_text(encoding="utf-8") == "mine"


def _starter_settings() -> list[tuple[str, str, str]]:
    """The table of docs/course-format.md "The starter course": (setting, where, value)."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "course-format.md").read_text(encoding="utf-8")
    section = docs.split("## The starter course: `coursec new`", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `"):
            rows.append((cells[0].strip("`"), cells[1], cells[2].strip("`")))
    return rows


def _starter_documents(course_dir: Path) -> dict[str, dict[str, object]]:
    """course.yaml, quiz.yaml and the first fill-in question and assignment block, as written (no defaults)."""
    import yaml

    documents = {
        name: yaml.safe_load((course_dir / name).read_text(encoding="utf-8")) for name in ("course.yaml", "quiz.yaml")
    }
    for lesson in sorted((course_dir / "lessons").glob("*.md")):
        for kind, body in re.findall(
            r"^```(question|assignment)\n(.*?)^```$", lesson.read_text(encoding="utf-8"), re.M | re.S
        ):
            block = yaml.safe_load(body)
            where = "assignment" if kind == "assignment" else f"{block['type']} question"
            documents.setdefault(where, block)
    return documents


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_starter_writes_every_setting_out_with_the_documented_value(tmp_path: Path, language: str) -> None:
    import yaml

    write_starter_course(tmp_path / "course", language)
    documents = _starter_documents(tmp_path / "course")
    settings = _starter_settings()
    assert len(settings) >= 10
    for setting, where, value in settings:
        found: object = documents[where]
        for key in setting.split("."):
            assert isinstance(found, dict)
            assert key in found, f"{where}: '{setting}' is left to a default"
            found = found[key]
        assert found == yaml.safe_load(value), f"{where}: {setting}"
    # Every setting the course and quiz models default is written out (the table names them all).
    from compiler.model.course import CourseConfig, Quiz

    for where, model in (("course.yaml", CourseConfig), ("quiz.yaml", Quiz)):
        learner_facing = {"mastery_score", "targets", "theme", "completion", "attempts", "shuffle"}
        for name in set(model.model_fields) & learner_facing:
            assert name in documents[where], f"{where}: '{name}' is left to a default"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_starter_text_repeats_the_pass_mark(tmp_path: Path, language: str) -> None:
    """The pass mark lives in mastery_score only: text naming a percentage goes stale when it changes."""
    course_dir = tmp_path / "course"
    write_starter_course(course_dir, language)
    course = compile_course(course_dir, None).course
    assert course is not None
    assert course.quiz is not None
    assert course.config.mastery_score is not None
    texts = [course.config.description, course.quiz.intro or ""]
    texts += [block.markdown for lesson in course.lessons for block in lesson.blocks if hasattr(block, "markdown")]
    for text in texts:
        assert not re.search(r"\d\s*%|\bprocent\b|\bpercent\b", str(text)), text
