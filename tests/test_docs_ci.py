"""The GitHub Actions workflow in docs/ci.md is valid YAML and its coursec commands work as written."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from compiler.cli import main
from compiler.scaffold import write_starter_course

DOC = Path(__file__).resolve().parents[1] / "docs" / "ci.md"


def _job() -> dict[str, Any]:
    """The workflow's one job, as parsed YAML."""
    [block] = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    workflow = yaml.safe_load(block)
    assert isinstance(workflow, dict)
    [job] = workflow["jobs"].values()
    assert isinstance(job, dict)
    return job


def test_the_workflow_compiles_inspects_and_uploads_the_zip() -> None:
    job = _job()
    steps = job["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert uses.index("actions/checkout") < uses.index("actions/upload-artifact")
    upload = steps[uses.index("actions/upload-artifact")]["with"]
    assert upload["path"] == "build/*.zip"
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "--format github" in runs


def test_the_workflow_commands_run_on_a_course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    job = _job()
    course_dir = job["env"]["COURSE_DIR"]
    monkeypatch.chdir(tmp_path)
    write_starter_course(tmp_path / course_dir, "en")
    commands = [
        line.strip().replace('"$COURSE_DIR"', course_dir)
        for step in job["steps"]
        for line in step.get("run", "").splitlines()
        if line.strip().startswith("coursec ")
    ]
    assert len(commands) == 2
    for command in commands:
        args = shlex.split(command)[1:]
        args = [
            next(tmp_path.glob(a[0 : -len("*.zip")] + "*.zip")).as_posix() if a.endswith("*.zip") else a for a in args
        ]
        outcome = CliRunner().invoke(main, args)
        assert outcome.exit_code == 0, (command, outcome.output)
        assert "::warning" not in outcome.stdout
