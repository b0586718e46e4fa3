from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError

import pytest

from compiler.preview.server import PreviewServer, content_type

ROOT = Path(__file__).resolve().parents[3]
THEMES = (ROOT / "themes",)
MINIMAL = ROOT / "tests" / "golden" / "minimal" / "course_src"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MINIMAL, tmp_path / "course"))


@pytest.fixture
def server(course: Path) -> Iterator[PreviewServer]:
    messages: list[str] = []
    server = PreviewServer(course, THEMES, port=0, log=messages.append, poll_interval=0.05)
    server.start()
    yield server
    server.stop()


def _get(url: str, host: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_it_listens_on_loopback_and_serves_page_assets_and_package(server: PreviewServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    status, kind, body = _get(server.url)
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert b'<iframe id="sco" title="Course" src="course/index.html">' in body
    assert _get(server.url + "_preview/scorm12-api.js")[:2] == (200, "text/javascript; charset=utf-8")
    status, kind, body = _get(server.url + "course/index.html")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert body == server.build.files["index.html"]
    assert _get(server.url + "course/imsmanifest.xml")[1] == "application/xml; charset=utf-8"
    assert _get(server.url + "course/nothing.js")[0] == 404
    assert _get(server.url + "_preview/../host.py")[0] == 404
    build = json.loads(_get(server.url + "_preview/build.json")[2])
    assert (build["version"], build["ok"]) == (1, True)


def test_media_can_seek_with_byte_ranges(server: PreviewServer) -> None:
    whole = server.build.files["index.html"]
    port = server.httpd.server_address[1]
    for header, status, body in (
        ("bytes=0-9", 206, whole[:10]),
        ("bytes=10-", 206, whole[10:]),
        ("bytes=-5", 206, whole[-5:]),
        (f"bytes={len(whole)}-", 416, b""),
        ("pages=1", 200, whole),
    ):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/course/index.html", headers={"Range": header})
        response = connection.getresponse()
        assert (response.status, response.read()) == (status, body), header
        assert response.getheader("Accept-Ranges") == ("bytes" if status != 416 else None)
        connection.close()


def test_other_host_names_are_refused(server: PreviewServer) -> None:
    assert _get(server.url, host="attacker.example")[0] == 403
    assert _get(server.url, host=f"localhost:{server.httpd.server_address[1]}")[0] == 200


def test_a_save_sends_a_build_event_and_errors_keep_the_last_good_package(server: PreviewServer, course: Path) -> None:
    port = server.httpd.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", "/_preview/events")
    events = connection.getresponse()
    assert events.getheader("Content-Type") == "text/event-stream; charset=utf-8"

    def next_build() -> dict[str, object]:
        lines: list[str] = []
        while (line := events.readline()) != b"\n" or not lines:
            if line != b"\n" and not line.startswith(b":"):
                lines.append(line.decode().rstrip("\n"))
        assert lines[0] == "event: build"
        data: dict[str, object] = json.loads(lines[1].removeprefix("data: "))
        return data

    assert next_build()["version"] == 1  # the current build on connect
    good = server.build.files["index.html"]
    yaml = course / "course.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "\ntitle: twice\n", encoding="utf-8")
    broken = next_build()
    assert (broken["version"], broken["ok"]) == (2, False)
    assert f"{course.as_posix()}/course.yaml:" in str(broken["text"])
    assert _get(server.url + "course/index.html")[2] == good
    connection.close()


def test_content_types() -> None:
    assert content_type("a/b.css") == "text/css; charset=utf-8"
    assert content_type("x.svg") == "image/svg+xml; charset=utf-8"
    assert content_type("x.mp3") == "audio/mpeg"
    assert content_type("x.unknown-kind") == "application/octet-stream"
    assert content_type("media/uitleg.VTT") == "text/vtt; charset=utf-8"  # captions load only as text/vtt
    assert content_type("imscp_rootv1p1p2.xsd") == "application/xml; charset=utf-8"
    assert content_type("media/no-suffix") == "application/octet-stream"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_the_command_prints_its_url_and_ctrl_c_stops_it(course: Path) -> None:
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "compiler",
            "preview",
            str(course),
            "--port",
            "0",
            "--no-browser",
            "--theme-dir",
            str(THEMES[0]),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            assert first.startswith("build 1: ok in ")
            serving = process.stdout.readline()
            assert serving.startswith(f"Serving {course} at http://127.0.0.1:")
            url = serving.split(" at ")[1].split()[0]
            assert _get(url)[0] == 200
            process.send_signal(signal.SIGINT)  # Ctrl-C
            assert process.wait(timeout=10) == 0
            assert process.stdout.read() == "stopping\n"
        finally:
            if process.poll() is None:
                process.kill()
