"""`coursec translate extract` and the round trip: extract, translate, compile the edition."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from compiler.api import compile_course
from compiler.cli import main
from compiler.source.xliff import REVIEW_STATE, XLIFF_NAMESPACE, parse_xliff
from compiler.targets.base import target_names
from compiler.translate import extract_translation

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "course_src" / "whatsapp-in-de-zorg"
X = f"{{{XLIFF_NAMESPACE}}}"


def _course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    shutil.copytree(BUNDLED, course, ignore=shutil.ignore_patterns("translations"))
    # The bundled course's English pictures (media/en/) would make its English edition differ from the
    # course as written in more than texts; these tests are about texts.
    shutil.rmtree(course / "media" / "en")
    return course


def _fill_with_sources(path: Path, state: str = "translated") -> None:
    """What a translator who leaves every text as it is would hand back."""
    tree = etree.parse(str(path))
    for unit in tree.iter(f"{X}trans-unit"):
        source = unit.find(f"{X}source")
        assert source is not None
        for old in unit.findall(f"{X}target"):
            unit.remove(old)
        target = etree.fromstring(etree.tostring(source))
        target.tag = f"{X}target"
        target.set("state", state)
        target.tail = source.tail
        source.addnext(target)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_the_round_trip_gives_the_package_of_the_source_in_the_new_language(tmp_path: Path) -> None:
    course = _course(tmp_path)
    extraction = extract_translation(course, "en")
    assert extraction.path == course / "translations" / "en.xlf"
    _fill_with_sources(extraction.path)
    edition = compile_course(course, tmp_path / "edition", targets=["all"], language="en")
    assert edition.ok
    assert edition.diagnostics == []
    # The same course written in English from the start: course.yaml's language is the only difference.
    english = tmp_path / "english"
    shutil.copytree(course, english, ignore=shutil.ignore_patterns("translations"))
    yaml = english / "course.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("language: nl", "language: en"), encoding="utf-8")
    source = compile_course(english, tmp_path / "source", targets=["all"])
    assert source.ok
    assert len(edition.outputs) == len(target_names())
    for translated, original in zip(edition.outputs, source.outputs, strict=True):
        assert translated.package_path is not None
        assert original.package_path is not None
        assert translated.package_path.name == original.package_path.name.replace("-1.0.0-", "-1.0.0-en-")
        assert translated.package_path.read_bytes() == original.package_path.read_bytes(), translated.target


def test_extracting_again_after_an_edit_keeps_every_translation_and_marks_exactly_the_edited_units(
    tmp_path: Path,
) -> None:
    course = _course(tmp_path)
    path = extract_translation(course, "en").path
    assert path is not None
    _fill_with_sources(path)
    before, _ = parse_xliff(path.read_text(encoding="utf-8"), "en.xlf")
    lesson = course / "lessons" / "06-groepen.md"
    text = lesson.read_text(encoding="utf-8")
    assert "Tik de mensen aan die in de groep moeten." in text
    lesson.write_text(text.replace("Tik de mensen aan die in de groep moeten.", "Tik de mensen aan."), encoding="utf-8")
    # A question the quiz draws from a bank: its texts are translated like quiz.yaml's.
    bank = course / "banks" / "zorg-en-privacy.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("Alle chats wissen", "Alle chats leegmaken"), "utf-8")
    extraction = extract_translation(course, "en")
    assert extraction.merge is not None
    assert extraction.merge.changed == 2
    after, diagnostics = parse_xliff(path.read_text(encoding="utf-8"), "en.xlf")
    assert diagnostics == []
    assert before is not None
    assert after is not None
    assert set(after.units) == set(before.units)
    marked = sorted(unit_id for unit_id, unit in after.units.items() if unit.state == REVIEW_STATE)
    assert marked == ["banks/zorg-en-privacy/questions/toets-instellingen/pairs/4/left", "lessons/groepen/text/10"]
    assert all(after.units[i].target == before.units[i].target for i in before.units)
    result = compile_course(course, None, language="en")
    assert sorted((d.code, d.span.path if d.span else "") for d in result.diagnostics) == [
        ("W702", "banks/zorg-en-privacy.yaml"),
        ("W702", "lessons/06-groepen.md"),
    ]


def test_an_invalid_translation_file_is_reported_and_left_as_it_is(tmp_path: Path) -> None:
    course = _course(tmp_path)
    (course / "translations").mkdir()
    broken = course / "translations" / "en.xlf"
    broken.write_text("<xliff version='1.2'><file>", encoding="utf-8")
    extraction = extract_translation(course, "en")
    assert extraction.path is None
    assert [d.code for d in extraction.result.diagnostics] == ["E701"]
    assert broken.read_text(encoding="utf-8") == "<xliff version='1.2'><file>"


def test_the_course_language_itself_is_no_translation(tmp_path: Path) -> None:
    extraction = extract_translation(_course(tmp_path), "nl")
    assert extraction.path is None
    assert [d.code for d in extraction.result.diagnostics] == ["E704"]


def test_the_command_says_what_it_wrote(tmp_path: Path) -> None:
    course = _course(tmp_path)
    outcome = CliRunner().invoke(main, ["translate", "extract", str(course), "--to", "en"])
    assert outcome.exit_code == 0, outcome.output
    assert "new" in outcome.output
    assert str(course / "translations" / "en.xlf") in outcome.output
    again = CliRunner().invoke(main, ["translate", "extract", str(course), "--to", "en"])
    assert ", 0 new," in again.output


def test_each_builds_the_course_and_every_translation(tmp_path: Path) -> None:
    course = _course(tmp_path)
    path = extract_translation(course, "de").path
    assert path is not None
    _fill_with_sources(path)
    outcome = CliRunner().invoke(
        main, ["compile", str(course), "--language", "each", "--target", "web", "-o", str(tmp_path / "out")]
    )
    assert outcome.exit_code == 0, outcome.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "whatsapp-in-de-zorg-1.0.0-de-web.zip",
        "whatsapp-in-de-zorg-1.0.0-web.zip",
    ]


def test_one_package_in_several_languages_is_refused_until_it_exists(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(main, ["compile", str(_course(tmp_path)), "--language", "all"])
    assert outcome.exit_code == 2
    assert "--language each" in outcome.output


def test_a_warning_while_reading_leaves_the_whole_course_checks_on(tmp_path: Path) -> None:
    """A W107 file (course.yml beside course.yaml) must not hide W301 (unused media), as in compile."""
    course = _course(tmp_path)
    (course / "course.yml").write_text("id: oud\n", encoding="utf-8")
    (course / "media" / "niet-gebruikt.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    codes = {d.code for d in extract_translation(course, "en").result.diagnostics}
    assert codes == {"W107", "W301"}
    assert {d.code for d in compile_course(course, None).diagnostics} == codes
