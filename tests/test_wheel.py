"""Installed is the only way it runs: build the wheel, install it into a fresh venv, compile outside the repo.

Slower than the other tests (a venv and a pip install, about 10 s with a warm pip cache), so it is
marked `packaging`; it is part of the default run. Dependencies come from PyPI through pip's cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from compiler.api import compile_course
from compiler.scaffold import write_starter_course

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "course_src" / "whatsapp-in-de-zorg"
_PROJECT_FILES = ("pyproject.toml", "setup.py", "README.md")
_PROJECT_FOLDERS = ("compiler", "themes")
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


def _run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str], dict[str, str]]:
    """(bin folder of a fresh venv with the wheel installed, the files the wheel should hold, environment)."""
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"  # a copy, so building leaves no build/ or egg-info in the checkout
    source.mkdir()
    for name in _PROJECT_FILES:
        shutil.copy2(ROOT / name, source / name)
    for name in _PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, source / name, ignore=_IGNORED)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SOURCE_DATE_EPOCH", "VIRTUAL_ENV")}
    env["COURSEC_CACHE_DIR"] = str(base / "cache")
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", base / "dist", source],
        base,
        env,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = (base / "dist").glob("coursec-*.whl")
    expected = {
        path.relative_to(source).as_posix().replace("themes/", "compiler/themes/", 1)
        for folder in _PROJECT_FOLDERS
        for path in (source / folder).rglob("*")
        if path.is_file() and not path.name.startswith(".")  # .gitattributes: repository metadata
    }
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if not name.startswith("coursec-")}
    assert sorted(expected - shipped) == [], "files of compiler/ or themes/ missing from the wheel"

    venv = base / "venv"
    created = _run([sys.executable, "-m", "venv", venv], base, env)
    assert created.returncode == 0, created.stderr
    pip = _run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], base, env)
    assert pip.returncode == 0, pip.stderr
    return venv / "bin", expected, env


def test_the_installed_package_is_the_wheel_not_the_checkout(
    installed: tuple[Path, set[str], dict[str, str]], tmp_path: Path
) -> None:
    bin_dir, _, env = installed
    where = _run([bin_dir / "python", "-c", "import compiler; print(compiler.__file__)"], tmp_path, env)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(bin_dir.parent)
    version = _run([bin_dir / "coursec", "--version"], tmp_path, env)
    assert version.returncode == 0
    assert version.stdout.startswith("coursec, version ")


def test_a_copy_of_the_bundled_course_compiles_outside_the_repository(
    installed: tuple[Path, set[str], dict[str, str]], tmp_path: Path
) -> None:
    bin_dir, _, env = installed
    shutil.copytree(BUNDLED, tmp_path / "my-course")
    result = _run([bin_dir / "coursec", "compile", "my-course", "--target", "all"], tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    packages = sorted((tmp_path / "my-course" / "build").glob("*.zip"))  # the course folder's build/
    # The same bytes as a compile from the checkout, for every target: the wheel carries the theme,
    # the runtime and every schema set as developed.
    reference = compile_course(BUNDLED, tmp_path / "reference", targets=["all"])
    assert [out.package_path.name for out in reference.outputs if out.package_path] == [p.name for p in packages]
    assert {p.name.rsplit("-", 1)[1] for p in packages} >= {"scorm12.zip", "scorm2004.zip", "web.zip"}
    for package, out in zip(packages, reference.outputs, strict=True):
        assert out.package_path is not None
        assert package.read_bytes() == out.package_path.read_bytes(), package.name


@pytest.mark.parametrize("language", ["nl", "en"])
def test_coursec_new_from_the_install_compiles_without_warnings(
    installed: tuple[Path, set[str], dict[str, str]], tmp_path: Path, language: str
) -> None:
    bin_dir, _, env = installed
    created = _run([bin_dir / "coursec", "new", "starter", "--language", language], tmp_path, env)
    assert created.returncode == 0, created.stderr
    result = _run([bin_dir / "coursec", "compile", "starter", "--format", "github"], tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "no warnings"
    assert "wrote starter/build/" in result.stdout  # inside the course folder, where its .gitignore lists it
    # What the browser lane plays (written in-process) is byte for byte what the install writes.
    write_starter_course(tmp_path / "in-process" / "starter", language)
    for path in (tmp_path / "in-process" / "starter").rglob("*"):
        if path.is_file():
            relative = path.relative_to(tmp_path / "in-process" / "starter")
            assert (tmp_path / "starter" / relative).read_bytes() == path.read_bytes(), relative


@pytest.mark.parametrize("target", ["scorm12", "scorm2004", "cmi5", "web"])
def test_preview_from_the_install_serves_the_lms_page_and_the_course(
    installed: tuple[Path, set[str], dict[str, str]], tmp_path: Path, target: str
) -> None:
    import json
    import signal
    import urllib.request

    bin_dir, _, env = installed
    shutil.copytree(BUNDLED, tmp_path / "my-course")
    with subprocess.Popen(
        [str(bin_dir / "coursec"), "preview", "my-course", "--target", target, "--port", "0", "--no-browser"],
        cwd=tmp_path,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline().startswith("build 1: ok in ")
            url = process.stdout.readline().split(" at ")[1].split()[0]
            paths = ["", "_preview/lms-host.js", "_preview/target/preview-api.js", "course/index.html"]
            if target.startswith("scorm"):
                paths.append("_preview/cmi.js")  # the SCORM data-model plumbing, package data of the page
            for path in paths:
                with urllib.request.urlopen(url + path, timeout=10) as response:
                    assert response.status == 200, path
                    assert len(response.read()) > 1000, path
            if target == "cmi5":  # the LMS and LRS of the installed package answer a launch
                launch = json.loads(urllib.request.urlopen(url + "_preview/build.json", timeout=10).read())["launch"]
                request = urllib.request.Request(
                    url + "_preview/lms/launch",
                    json.dumps({"launch": launch, "base": url + "_preview/lms/"}).encode(),
                    {"Content-Type": "application/json"},
                )
                with urllib.request.urlopen(request, timeout=10) as response:
                    assert sorted(json.loads(response.read())["parameters"]) == [
                        "activityId",
                        "actor",
                        "endpoint",
                        "fetch",
                        "registration",
                    ]
            process.send_signal(signal.SIGINT)
            assert process.wait(timeout=10) == 0
        finally:
            if process.poll() is None:
                process.kill()
    assert not (tmp_path / "build").exists()  # preview writes no package
