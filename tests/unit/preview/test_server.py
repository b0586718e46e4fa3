from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError

import pytest
from click.testing import CliRunner

from compiler.cli import main
from compiler.preview import server as server_module
from compiler.preview.server import WORKERS, PreviewServer, RemoteBindRefused, content_type, is_loopback

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
    assert _get(server.url + "_preview/target/preview-api.js")[:2] == (200, "text/javascript; charset=utf-8")
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
            assert serving.startswith(f"Serving {course} as SCORM 1.2 (strict) at http://127.0.0.1:")
            url = serving.split(" at ")[1].split()[0]
            assert _get(url)[0] == 200
            process.send_signal(signal.SIGINT)  # Ctrl-C
            assert process.wait(timeout=10) == 0
            assert process.stdout.read() == "stopping\n"
        finally:
            if process.poll() is None:
                process.kill()


def _preview_threads() -> int:
    return sum(1 for thread in threading.enumerate() if thread.name.startswith("coursec-preview"))


def test_idle_connections_hold_no_thread_and_do_not_stop_a_normal_request(server: PreviewServer) -> None:
    port = server.httpd.server_address[1]
    idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(300)]
    dribbling = socket.create_connection(("127.0.0.1", port), timeout=5)
    dribbling.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # a head that never ends
    try:
        status, _, body = _get(server.url + "course/index.html")
        assert (status, body) == (200, server.build.files["index.html"])
        # the lobby, the event-stream thread, the accept loop and at most WORKERS workers
        assert _preview_threads() <= WORKERS + 3
    finally:
        for connection in [*idle, dribbling]:
            connection.close()


def test_a_connection_that_never_finishes_its_request_is_closed(
    server: PreviewServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "HEADER_TIMEOUT", 0.3)
    port = server.httpd.server_address[1]
    slow = socket.create_connection(("127.0.0.1", port), timeout=5)
    slow.sendall(b"GET / HTTP/1.1\r\n")
    assert slow.recv(100) == b""  # closed by the server, before the 5 s client timeout
    slow.close()


def test_more_waiting_connections_than_the_limit_close_the_oldest(
    server: PreviewServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "MAX_WAITING", 4)
    port = server.httpd.server_address[1]
    waiting = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(6)]
    try:
        assert waiting[0].recv(100) == b""
        assert _get(server.url)[0] == 200
    finally:
        for connection in waiting:
            connection.close()


def test_live_reload_streams_share_one_thread(server: PreviewServer, course: Path) -> None:
    port = server.httpd.server_address[1]
    streams = []
    for _ in range(WORKERS + 4):  # more streams than workers: none of them holds a worker
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/_preview/events")
        response = connection.getresponse()
        assert response.status == 200
        assert response.readline() == b"event: build\n"
        streams.append((connection, response))
    assert _get(server.url)[0] == 200
    assert _preview_threads() <= WORKERS + 3
    yaml = course / "course.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "\ntitle: twice\n", encoding="utf-8")
    for connection, response in streams:
        while not (line := response.readline()).startswith(b"data:"):
            pass
        while (line := response.readline()) != b"event: build\n":
            assert line.startswith((b"\n", b":")), line
        assert b'"version": 2' in response.readline()
        connection.close()


@pytest.mark.parametrize("host", ["127.0.0.2", "127.1.2.3", "localhost", "::1"])
def test_the_host_check_holds_for_every_loopback_address(course: Path, host: str) -> None:
    try:
        preview = PreviewServer(course, THEMES, host=host, port=0)
    except OSError as exc:  # no such address on this machine (e.g. IPv6 off)
        pytest.skip(f"cannot listen on {host}: {exc}")
    preview.start()
    try:
        assert _get(preview.url, host="attacker.example")[0] == 403
        assert _get(preview.url, host="rebind.example:80")[0] == 403
        assert _get(preview.url)[0] == 200
    finally:
        preview.stop()


def test_a_bind_others_can_reach_is_refused_unless_allowed(course: Path) -> None:
    for host in ("0.0.0.0", "::", "192.0.2.1", "example.org"):
        with pytest.raises(RemoteBindRefused):
            PreviewServer(course, THEMES, host=host, port=0)
    assert [is_loopback(host) for host in ("127.0.0.2", "::1", "LOCALHOST", "0.0.0.0", "10.0.0.1", "::")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    preview = PreviewServer(course, THEMES, host="0.0.0.0", port=0, allow_remote=True)
    preview.start()
    try:
        port = preview.httpd.server_address[1]
        assert _get(f"http://127.0.0.1:{port}/", host="my-laptop.lan")[0] == 200
    finally:
        preview.stop()


def test_the_command_refuses_a_remote_host_and_warns_when_allowed(course: Path) -> None:
    result = CliRunner().invoke(main, ["preview", str(course), "--host", "0.0.0.0", "--no-browser"])
    assert result.exit_code == 2
    assert "0.0.0.0: error: '0.0.0.0' can be reached from other computers" in result.output
    assert "--allow-remote" in result.output


def test_an_alias_bomb_saved_during_preview_shows_the_error_and_the_server_stays_responsive(
    server: PreviewServer, course: Path
) -> None:
    lines = ['  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 12)]
    yaml = course / "course.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "bomb:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    build = server.wait_for_build(1, timeout=30)  # before the fix this rebuild never ended
    assert build is not None
    assert not build.ok
    assert "error[E113]: YAML reads '&l0' as an anchor name" in build.text
    assert _get(server.url)[0] == 200
    assert json.loads(_get(server.url + "_preview/build.json")[2])["ok"] is False


def test_a_request_body_waits_in_the_lobby_until_it_is_complete() -> None:
    from compiler.preview.server import MAX_REQUEST_BODY, _complete

    head = b"POST /_preview/lms/launch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\n"
    assert not _complete(bytearray(head[:-2]))
    assert not _complete(bytearray(head + b"abc"))
    assert _complete(bytearray(head + b"abcde"))
    assert _complete(bytearray(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
    too_long = f"POST / HTTP/1.1\r\nContent-Length: {MAX_REQUEST_BODY + 1}\r\n\r\n".encode()
    assert _complete(bytearray(too_long))  # answered (413) without reading on


def test_only_an_emulation_with_a_server_side_takes_writes(server: PreviewServer) -> None:
    assert server.backend is None  # SCORM 1.2 lives in the page
    request = urllib.request.Request(server.url + "_preview/lms/launch", data=b"{}", method="POST")
    with pytest.raises(HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 405
    refused.value.close()
    assert _get(server.url + "_preview/target/preview-api.js")[0] == 200
    assert _get(server.url + "_preview/target/preview.py")[0] == 404  # only the scripts preview.py names


def test_the_cmi5_lrs_answers_only_this_preview_s_pages_and_bounds_bodies(course: Path) -> None:
    server = PreviewServer(course, THEMES, port=0, target="cmi5")
    server.start()
    try:
        assert server.backend is not None
        base = server.url + "_preview/lms/"
        launch = json.dumps({"launch": server.build.to_json()["launch"], "base": base}).encode()

        def post(body: bytes, headers: dict[str, str]) -> int:
            request = urllib.request.Request(base + "launch", data=body, method="POST", headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    return int(response.status)
            except HTTPError as error:
                error.close()
                return int(error.code)

        assert post(launch, {"Content-Type": "application/json"}) == 200
        assert post(launch, {"Origin": server.url.rstrip("/")}) == 200  # the preview's own page
        assert post(launch, {"Origin": "https://evil.example"}) == 403  # another site's page
        assert post(launch, {"Host": "evil.example"}) == 403  # DNS rebinding
        # A body over the limit is refused before it is read.
        address = urllib.parse.urlsplit(server.url)
        connection = http.client.HTTPConnection(str(address.hostname), address.port, timeout=5)
        connection.putrequest("POST", "/_preview/lms/xapi/statements")
        connection.putheader("Content-Length", str(server_module.MAX_REQUEST_BODY + 1))
        connection.endheaders()
        assert connection.getresponse().status == 413
        connection.close()
        page = _get(server.url)[2]
        assert b'<iframe id="sco" title="Course">' in page  # the page launches the frame itself
        assert b"_preview/target/preview-api.js" in page
    finally:
        server.stop()
