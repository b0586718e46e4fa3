from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner

from compiler import api
from compiler.api import CompileResult, TargetOutput
from compiler.blocks.registry import block_names
from compiler.cli import main
from compiler.diagnostics import SourceSpan, error, warning
from compiler.targets.base import RuleRow


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    folder.mkdir()
    return folder


def test_compile_passes_options_to_the_library_and_prints_where_the_zips_are(course: Path, tmp_path: Path) -> None:
    zips = []
    for name in ("scorm12", "web"):
        package = tmp_path / "out" / f"c-1-{name}.zip"
        package.parent.mkdir(exist_ok=True)
        package.write_bytes(b"zip")
        zips.append(package)
    outputs = (
        TargetOutput("scorm12", "SCORM 1.2", {"index.html": b""}, zips[0], 4096),
        TargetOutput("web", "Web", {"index.html": b"", "a.js": b""}, zips[1], 1_000_000),
    )
    result = CompileResult([], package_path=zips[0], suspend_data_worst_case=1234, outputs=outputs)
    with mock.patch.object(api, "compile_course", autospec=True, return_value=result) as compile_course:
        outcome = CliRunner().invoke(
            main,
            [
                "compile",
                str(course),
                "-o",
                str(tmp_path / "out"),
                "--theme-dir",
                "t",
                "--target",
                "scorm12",
                "--target",
                "web",
            ],
        )
    assert outcome.exit_code == 0, outcome.output
    compile_course.assert_called_once_with(
        course, tmp_path / "out", targets=["scorm12", "web"], theme_dirs=(Path("t"),), progress=mock.ANY, language=None
    )
    assert outcome.output.splitlines() == [
        f"SCORM 1.2: suspend_data worst case 1,234 of 4,096 characters; wrote {zips[0]} (3 bytes, 1 files)",
        f"Web: suspend_data worst case 1,234 of 1,000,000 characters; wrote {zips[1]} (3 bytes, 2 files)",
    ]


def test_compile_without_target_leaves_the_choice_to_course_yaml(course: Path) -> None:
    with mock.patch.object(api, "compile_course", autospec=True, return_value=CompileResult([])) as compile_course:
        CliRunner().invoke(main, ["compile", str(course)])
    compile_course.assert_called_once_with(
        course, course / "build", targets=None, theme_dirs=api.DEFAULT_THEME_DIRS, progress=mock.ANY, language=None
    )


def test_an_unknown_target_is_a_usage_error_naming_the_choices(course: Path) -> None:
    with mock.patch.object(api, "compile_course", autospec=True) as compile_course:
        outcome = CliRunner().invoke(main, ["compile", str(course), "--target", "scorm3000"])
    assert outcome.exit_code == 2
    assert "unknown target 'scorm3000'; choose from cmi5, scorm12, scorm2004, tincan, web, all" in outcome.output
    compile_course.assert_not_called()


def test_errors_exit_1_with_compiler_style_output(course: Path) -> None:
    diagnostics = [error("E201", "unknown key 'titel'", SourceSpan("course.yaml", 2, 1, 2, 6), "did you mean 'title'?")]
    result = CompileResult(
        diagnostics, sources={"course.yaml": "id: x\ntitel: y\n"}, course_paths=frozenset({"course.yaml"})
    )
    with mock.patch.object(api, "compile_course", autospec=True, return_value=result):
        outcome = CliRunner().invoke(main, ["validate", str(course)])
    assert outcome.exit_code == 1
    assert outcome.output.splitlines() == [
        f"{course.as_posix()}/course.yaml:2:1: error[E201]: unknown key 'titel'",
        "   2 | titel: y",
        "     | ^^^^^",
        "     = hint: did you mean 'title'?",
        "1 error, 0 warnings",
    ]


def test_validate_writes_nothing(course: Path) -> None:
    with mock.patch.object(api, "compile_course", autospec=True, return_value=CompileResult([])) as compile_course:
        outcome = CliRunner().invoke(main, ["validate", str(course)])
    assert outcome.exit_code == 0
    compile_course.assert_called_once_with(
        course, None, targets=None, theme_dirs=api.DEFAULT_THEME_DIRS, progress=mock.ANY, language=None
    )


def test_warnings_alone_exit_0_and_json_goes_to_stdout(course: Path) -> None:
    result = CompileResult([warning("W302", "no feedback", SourceSpan("quiz.yaml", 3, 5))])
    with mock.patch.object(api, "compile_course", autospec=True, return_value=result):
        outcome = CliRunner().invoke(main, ["validate", str(course), "--format", "json"])
    assert outcome.exit_code == 0
    assert '"code": "W302"' in outcome.stdout


def test_github_format_prints_annotations(course: Path) -> None:
    result = CompileResult([error("E304", "image 'x.png' not found", SourceSpan("lessons/01.md", 7, 3))])
    with mock.patch.object(api, "compile_course", autospec=True, return_value=result):
        outcome = CliRunner().invoke(main, ["validate", str(course), "--format", "github"])
    assert outcome.exit_code == 1
    # On stdout: the Actions runner reads workflow commands from there.
    assert "::error file=lessons/01.md,line=7,col=3,title=E304::image 'x.png' not found" in outcome.stdout


def test_a_bug_is_one_line_and_exit_70_with_traceback_only_on_debug(course: Path) -> None:
    with mock.patch.object(api, "compile_course", autospec=True, side_effect=RuntimeError("boom")):
        quiet = CliRunner().invoke(main, ["compile", str(course)])
        loud = CliRunner().invoke(main, ["compile", str(course), "--debug"])
    assert quiet.exit_code == loud.exit_code == 70
    assert quiet.output == "coursec: internal error, please report: RuntimeError: boom\n"
    assert "Traceback" in loud.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["compile", str(tmp_path / "missing")]).exit_code == 2
    assert CliRunner().invoke(main, ["frobnicate"]).exit_code == 2


def test_schema_writes_the_editor_schemas(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(main, ["schema", "-o", str(tmp_path)])
    assert outcome.exit_code == 0
    fixed = ["assignment", "bank", "course", "lesson-front-matter", "media", "question", "quiz"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{name}.schema.json" for name in [*fixed, *block_names()]
    )
    assert {"statement.schema.json", "tabs.schema.json"} <= {p.name for p in tmp_path.iterdir()}


def test_errors_in_a_theme_outside_the_working_folder_quote_the_theme_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(__file__).resolve().parents[2]
    course = tmp_path / "course"
    shutil.copytree(root / "tests" / "golden" / "minimal" / "course_src", course)
    (course / "course.yaml").write_text((course / "course.yaml").read_text() + "theme: huis\n", encoding="utf-8")
    theme = tmp_path / "themes" / "huis"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text("extends: default\nprimary_colour: '#2e7d32'\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    themes = ["--theme-dir", str(tmp_path / "themes"), "--theme-dir", str(root / "themes")]
    outcome = CliRunner().invoke(main, ["validate", str(course), *themes])
    assert outcome.exit_code == 1
    assert "themes/huis/theme.yaml:2:1: error[E402]: unknown key 'primary_colour'" in outcome.output
    assert "   2 | primary_colour: '#2e7d32'" in outcome.output


def test_an_environment_fault_names_the_path_and_exits_1_not_70(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a folder", encoding="utf-8")
    outcome = CliRunner().invoke(main, ["schema", "-o", str(tmp_path / "afile" / "sub")])
    assert outcome.exit_code == 1
    assert outcome.output.startswith(f"{tmp_path / 'afile' / 'sub'}: error: Not a directory\n")
    assert "internal error" not in outcome.output


def test_new_passes_its_options_to_the_library(tmp_path: Path) -> None:
    with mock.patch("compiler.scaffold.write_starter_course", autospec=True, return_value=["course.yaml"]) as write:
        outcome = CliRunner().invoke(main, ["new", str(tmp_path / "c"), "--language", "en", "--title", "Intro"])
    assert outcome.exit_code == 0, outcome.output
    write.assert_called_once_with(tmp_path / "c", "en", "Intro")
    assert f"wrote 1 files to {tmp_path / 'c'}" in outcome.output


def test_new_refuses_a_folder_with_files_with_exit_1(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "keep.md").write_text("x", encoding="utf-8")
    outcome = CliRunner().invoke(main, ["new", str(tmp_path / "c")])
    assert outcome.exit_code == 1
    assert "already exists and is not an empty folder; nothing was written" in outcome.output
    assert [p.name for p in (tmp_path / "c").iterdir()] == ["keep.md"]


def test_new_rejects_an_empty_title_and_an_unknown_language(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["new", str(tmp_path / "c"), "--title", " "]).exit_code == 2
    assert CliRunner().invoke(main, ["new", str(tmp_path / "c"), "--language", "de"]).exit_code == 2
    assert not (tmp_path / "c").exists()


def test_version_names_the_installed_package() -> None:
    outcome = CliRunner().invoke(main, ["--version"])
    assert outcome.exit_code == 0
    assert re.fullmatch(r"coursec, version \d+\.\d+\.\d+\S*\n", outcome.output)


def test_progress_goes_to_stderr_and_quiet_switches_it_off(course: Path) -> None:
    def compile_with_progress(
        *args: object, progress: Callable[[str], None] | None = None, **kwargs: object
    ) -> CompileResult:
        if progress is not None:
            progress("[1/4] read and checked 120 lessons")
        return CompileResult([])

    with mock.patch.object(api, "compile_course", autospec=True, side_effect=compile_with_progress):
        loud = CliRunner().invoke(main, ["validate", str(course)])
        quiet = CliRunner().invoke(main, ["validate", str(course), "-q"])
    assert loud.stderr == "coursec: [1/4] read and checked 120 lessons\n"
    assert loud.stdout == f"{course}: ok\n"
    assert quiet.stderr == ""
    assert quiet.stdout == f"{course}: ok\n"


@pytest.mark.parametrize(
    ("args", "exit_code", "stdout", "stderr"),
    [
        (["--version"], 0, "coursec, version", ""),
        (["validate", "{course}"], 1, "", "error[E104]: the course folder has no course.yaml"),
        (["compile", "{course}", "--unknown"], 2, "", "No such option"),
        (["schema", "-o", "{out}"], 0, "course.schema.json", ""),
    ],
)
def test_the_script_entry_point_keeps_exit_codes_and_output(
    course: Path, tmp_path: Path, args: list[str], exit_code: int, stdout: str, stderr: str
) -> None:
    """run() ends the process without interpreter teardown: everything printed must still arrive."""
    argv = [a.format(course=course, out=tmp_path / "schemas") for a in args]
    done = subprocess.run(
        [sys.executable, "-m", "compiler", *argv], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert done.returncode == exit_code
    assert stdout in done.stdout
    assert stderr in done.stderr


def test_preview_passes_options_to_the_server(course: Path) -> None:
    from compiler.preview import server

    with mock.patch.object(server, "serve", autospec=True, return_value=0) as serve:
        outcome = CliRunner().invoke(
            main, ["preview", str(course), "--port", "0", "--no-browser", "--theme-dir", "t", "--theme-dir", "u"]
        )
    assert outcome.exit_code == 0, outcome.output
    serve.assert_called_once_with(
        course,
        (Path("t"), Path("u")),
        host="127.0.0.1",
        port=0,
        open_browser=False,
        allow_remote=False,
        target=None,
        echo=mock.ANY,
    )


def test_preview_on_a_remote_address_needs_allow_remote_and_warns(course: Path) -> None:
    from compiler.preview import server

    with mock.patch.object(server, "serve", autospec=True, return_value=0) as serve:
        refused = CliRunner().invoke(main, ["preview", str(course), "--host", "0.0.0.0"])
        allowed = CliRunner().invoke(main, ["preview", str(course), "--host", "0.0.0.0", "--allow-remote"])
    assert refused.exit_code == 2
    assert allowed.exit_code == 0
    assert "WARNING: the preview on 0.0.0.0 is reachable by other computers and has no authentication" in (
        allowed.output
    )
    serve.assert_called_once_with(
        course,
        api.DEFAULT_THEME_DIRS,
        host="0.0.0.0",
        port=8000,
        open_browser=True,
        allow_remote=True,
        target=None,
        echo=mock.ANY,
    )


def test_preview_defaults_to_loopback_port_8000_and_the_browser(course: Path) -> None:
    from compiler.preview import server

    with mock.patch.object(server, "serve", autospec=True, return_value=0) as serve:
        outcome = CliRunner().invoke(main, ["preview", str(course)])
    assert outcome.exit_code == 0, outcome.output
    serve.assert_called_once_with(
        course,
        api.DEFAULT_THEME_DIRS,
        host="127.0.0.1",
        port=8000,
        open_browser=True,
        allow_remote=False,
        target=None,
        echo=mock.ANY,
    )


def test_preview_passes_the_target_to_the_server(course: Path) -> None:
    from compiler.preview import server

    with mock.patch.object(server, "serve", autospec=True, return_value=0) as serve:
        outcome = CliRunner().invoke(main, ["preview", str(course), "--target", "web", "--no-browser"])
    assert outcome.exit_code == 0, outcome.output
    assert serve.call_args.kwargs["target"] == "web"


def test_preview_on_a_busy_port_is_one_line_and_exit_1(course: Path) -> None:
    from compiler.preview import server

    busy = OSError(98, "Address already in use")
    with mock.patch.object(server, "serve", autospec=True, side_effect=busy):
        outcome = CliRunner().invoke(main, ["preview", str(course), "--port", "8000"])
    assert outcome.exit_code == 1
    assert outcome.output.splitlines() == [
        "127.0.0.1:8000: error: cannot listen: Address already in use",
        "     = hint: choose another port with --port, or --port 0 for any free one",
    ]


def test_explain_prints_the_tables_and_passes_the_targets(course: Path) -> None:
    table = api.RuleTable("web", "Web (no LMS)", "c-1-web.zip", (RuleRow("closed midway", "kept | here"),))
    with mock.patch.object(
        api, "explain_course", autospec=True, return_value=(CompileResult([]), (table,))
    ) as explain_course:
        outcome = CliRunner().invoke(main, ["explain", str(course), "--target", "web"])
    assert outcome.exit_code == 0, outcome.output
    explain_course.assert_called_once_with(course, targets=["web"], theme_dirs=api.DEFAULT_THEME_DIRS)
    assert outcome.output.splitlines() == [
        "Web (no LMS) (c-1-web.zip)",
        "",
        "| situation | what the LMS sees |",
        "| --- | --- |",
        "| closed midway | kept / here |",
    ]


def test_inspect_takes_every_zip_of_a_build_folder_as_the_readme_says(tmp_path: Path) -> None:
    from .targets.helpers import COURSES, package_zips

    for kind, data in sorted(package_zips(COURSES[2]).items()):
        (tmp_path / f"kleinste-{kind}.zip").write_bytes(data)
    zips = sorted(str(path) for path in tmp_path.glob("*.zip"))
    result = CliRunner().invoke(main, ["inspect", *zips])
    assert result.exit_code == 0, result.output
    verdicts = [line for line in result.output.splitlines() if line.startswith("verdict:")]
    assert [verdict.split(" (")[0] for verdict in verdicts] == [
        "verdict: OK, ready to import as cmi5",
        "verdict: OK, ready to import as SCORM 1.2",
        "verdict: OK, ready to import as SCORM 2004 4th edition",
        "verdict: OK, ready to import as an xAPI TinCan package",
        "verdict: OK, a package for a web server, not for an LMS",
    ]
    (tmp_path / "kapot.zip").write_bytes(b"<html>login</html>")
    listed = CliRunner().invoke(main, ["inspect", "--json", *zips, str(tmp_path / "kapot.zip")])
    assert listed.exit_code == 1
    assert [record["ok"] for record in json.loads(listed.output)] == [True, True, True, True, True, False]


def test_the_zip_goes_to_the_course_folders_build_wherever_coursec_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One rule (README, docs, --help, `coursec new`'s .gitignore): COURSE_DIR/build/ unless -o says otherwise."""
    from compiler.scaffold import write_starter_course

    course = tmp_path / "courses" / "mine"
    write_starter_course(course, "en")
    assert "build/" in (course / ".gitignore").read_text(encoding="utf-8").splitlines()
    elsewhere = tmp_path / "somewhere" / "else"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    first = CliRunner().invoke(main, ["compile", "../../courses/mine"])
    assert first.exit_code == 0, first.output
    [package] = (course / "build").glob("*.zip")
    assert f"wrote ../../courses/mine/build/{package.name} (" in first.output
    assert list(elsewhere.iterdir()) == []
    # The next compile does not read (or package) the zips of the last one: same bytes, no warning.
    before = package.read_bytes()
    again = CliRunner().invoke(main, ["compile", "../../courses/mine"])
    assert again.exit_code == 0, again.output
    assert "warning" not in again.output
    assert package.read_bytes() == before
    assert sorted(p.name for p in (course / "build").iterdir()) == [package.name]
    # -o is relative to where coursec runs.
    chosen = CliRunner().invoke(main, ["compile", "../../courses/mine", "-o", "out"])
    assert chosen.exit_code == 0, chosen.output
    assert [p.name for p in (elsewhere / "out").iterdir()] == [package.name]
    # --help says the same.
    helped = CliRunner().invoke(main, ["compile", "--help"])
    assert "COURSE_DIR/build" in " ".join(helped.output.split())


def test_preview_refuses_a_target_without_an_emulation_before_it_listens(tmp_path: Path) -> None:
    for name, message in (
        ("moodle", "unknown target 'moodle'; choose from cmi5, scorm12, scorm2004, web"),
        ("tincan", "the tincan target has no preview emulation; choose from cmi5, scorm12, scorm2004, web"),
    ):
        result = CliRunner().invoke(main, ["preview", str(tmp_path), "--target", name, "--no-browser", "--port", "0"])
        assert result.exit_code == 2, result.output
        assert message in result.output


def test_preview_of_a_course_whose_first_target_has_no_emulation_says_how_to_choose(course: Path) -> None:
    (course / "course.yaml").write_text("title: Test\ntargets: [tincan, cmi5]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["preview", str(course), "--no-browser", "--port", "0"])
    assert result.exit_code == 2, result.output
    assert "the tincan target has no preview emulation; choose from cmi5, scorm12, scorm2004, web" in result.output
    assert "(the first of 'targets:' in course.yaml); pass --target" in result.output
