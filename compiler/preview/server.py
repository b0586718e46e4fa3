"""The preview server: the LMS emulation page, the latest build's package files, and build events (SSE).

Routes (all GET, on 127.0.0.1 unless asked otherwise; nothing is fetched from elsewhere):
  /                      the host page (strict SCORM 1.2 API, debug panel, course frame)
  /_preview/<asset>      the page's CSS and JS (package data)
  /_preview/build.json   the latest build (ok, diagnostics text, launch data)
  /_preview/events       server-sent events: one `build` event per rebuild
  /course/<path>         a file of the latest good package
"""

from __future__ import annotations

import json
import mimetypes
import re
import threading
import webbrowser
from collections.abc import Callable, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from compiler.preview.build import PreviewBuild, build_preview
from compiler.preview.host import ASSETS, HostPage, asset, host_page
from compiler.preview.watch import Watcher

KEEPALIVE_SECONDS = 15.0
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


_TYPES = {
    ".css": "text/css",
    ".html": "text/html",
    ".js": "text/javascript",
    ".json": "application/json",
    ".mp3": "audio/mpeg",
    ".mp4": "video/mp4",
    ".svg": "image/svg+xml",
    ".vtt": "text/vtt",
    ".webm": "video/webm",
    ".woff2": "font/woff2",
    ".xml": "application/xml",
    ".xsd": "application/xml",
}
"""Types a package needs right whatever the system's MIME table says (captions must be text/vtt)."""


def content_type(path: str) -> str:
    """The Content-Type for a package path (UTF-8 for text)."""
    suffix = path[path.rfind(".") :].lower() if "." in path.rsplit("/", 1)[-1] else ""
    guessed = _TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
    textual = guessed.startswith("text/") or guessed.endswith(("javascript", "json", "xml", "+xml"))
    return f"{guessed}; charset=utf-8" if textual else guessed


class PreviewServer:
    """Builds the course, serves it, and rebuilds when a file under the course (or a theme folder) changes."""

    def __init__(
        self,
        course_dir: Path,
        theme_dirs: Sequence[Path],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        log: Callable[[str], None] = lambda _message: None,
        poll_interval: float = 0.15,
    ) -> None:
        self.course_dir = course_dir
        self.theme_dirs = tuple(theme_dirs)
        self.log = log
        self._lock = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None
        # Listen first (a busy port fails at once), and scan before the first build so that a save
        # during it still triggers a rebuild.
        self.httpd = _HTTPServer((host, port), _Handler, self)
        self.watcher = Watcher([course_dir, *self.theme_dirs], self._on_change, poll_interval)
        self._build = build_preview(course_dir, self.theme_dirs, 1)
        self._good: PreviewBuild | None = self._build if self._build.ok else None
        self._report(self._build)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"

    @property
    def build(self) -> PreviewBuild:
        with self._lock:
            return self._build

    def _on_change(self) -> None:
        self.rebuild()

    def rebuild(self) -> PreviewBuild:
        """Compile again and tell every open page."""
        build = build_preview(self.course_dir, self.theme_dirs, self.build.version + 1)
        with self._lock:
            self._build = build
            if build.ok:
                self._good = build
            self._lock.notify_all()
        self._report(build)
        return build

    def _report(self, build: PreviewBuild) -> None:
        if build.ok:
            extra = f" ({build.summary})" if build.summary else ""
            self.log(f"build {build.version}: ok in {build.milliseconds} ms{extra}")
        else:
            self.log(f"build {build.version}: the course has errors\n{build.text}")

    def package_file(self, path: str) -> bytes | None:
        with self._lock:
            good = self._good
        return good.files.get(path) if good is not None else None

    def wait_for_build(self, after: int | None, timeout: float) -> PreviewBuild | None:
        """The current build once its version differs from `after`; None on timeout or stop."""
        with self._lock:
            changed = self._lock.wait_for(lambda: self._stopping or self._build.version != after, timeout)
            if not changed or self._stopping:
                return None
            return self._build

    @property
    def stopping(self) -> bool:
        with self._lock:
            return self._stopping

    def page(self) -> str:
        build = self.build
        return host_page(
            HostPage(
                lms="scorm12",
                scripts=["_preview/scorm12-api.js", "_preview/lms-host.js", "_preview/preview.js"],
                frame_src="course/index.html",
                title=(self._good.title if self._good else "") or self.course_dir.name,
                stylesheet="_preview/lms-host.css",
                launch_now=build.ok,
                settings={"build": build.to_json(), "launch": build.to_json()["launch"]},
            )
        )

    def start(self) -> None:
        """Serve and watch in background threads (tests, embedding)."""
        self.watcher.start()
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="coursec-preview-http", daemon=True)
        self._thread.start()

    def serve_forever(self) -> None:
        """Watch in the background and serve in this thread until stop() or Ctrl-C."""
        self.watcher.start()
        self.httpd.serve_forever()

    def stop(self) -> None:
        """Stop watching, end the event streams, close the socket."""
        with self._lock:
            self._stopping = True
            self._lock.notify_all()
        self.watcher.stop()
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
        self.httpd.server_close()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], preview: PreviewServer) -> None:
        self.preview = preview
        if ":" in address[0]:
            import socket

            self.address_family = socket.AF_INET6
        super().__init__(address, handler)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "coursec-preview"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the console shows builds, not requests."""

    def _send_file(self, data: bytes, kind: str) -> None:
        """A package file, or the one byte range a media element asks for (so audio and video can seek)."""
        match = _RANGE.fullmatch(self.headers.get("Range") or "")
        if match is None or not data:
            self._send(HTTPStatus.OK, data, kind, {"Accept-Ranges": "bytes"})
            return
        first, last = match.groups()
        if first == "":  # the last N bytes
            start, end = max(0, len(data) - int(last or 0)), len(data) - 1
        else:
            start, end = int(first), min(int(last) if last else len(data) - 1, len(data) - 1)
        if start > end or start >= len(data):
            self._send(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, b"", kind, {"Content-Range": f"bytes */{len(data)}"})
            return
        headers = {"Accept-Ranges": "bytes", "Content-Range": f"bytes {start}-{end}/{len(data)}"}
        self._send(HTTPStatus.PARTIAL_CONTENT, data[start : end + 1], kind, headers)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _host_allowed(self) -> bool:
        """Refuse other Host names while bound to loopback (a web page must not reach us by DNS rebinding)."""
        if str(self.server.server_address[0]) not in LOOPBACK:
            return True
        return (urlsplit("//" + (self.headers.get("Host") or "")).hostname or "") in LOOPBACK

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        preview = self.server.preview
        if not self._host_allowed():
            self._send(HTTPStatus.FORBIDDEN, b"forbidden host\n", "text/plain; charset=utf-8")
            return
        path = unquote(urlsplit(self.path).path)
        if path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, preview.page().encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/_preview/events":
            self._events(preview)
        elif path == "/_preview/build.json":
            body = json.dumps(preview.build.to_json(), ensure_ascii=False).encode("utf-8")
            self._send(HTTPStatus.OK, body, "application/json; charset=utf-8")
        elif path.startswith("/_preview/") and path.removeprefix("/_preview/") in ASSETS:
            name = path.removeprefix("/_preview/")
            self._send(HTTPStatus.OK, asset(name), content_type(name))
        elif path.startswith("/course/"):
            relative = path.removeprefix("/course/")
            data = preview.package_file(relative)
            if data is None:
                self._send(HTTPStatus.NOT_FOUND, b"not in the package\n", "text/plain; charset=utf-8")
            else:
                self._send_file(data, content_type(relative))
        elif path == "/favicon.ico":
            self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def _events(self, preview: PreviewServer) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen: int | None = None
        try:
            while not preview.stopping:
                build = preview.wait_for_build(seen, KEEPALIVE_SECONDS)
                if build is None:
                    if preview.stopping:
                        break
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    seen = build.version
                    data = json.dumps(build.to_json(), ensure_ascii=False)
                    self.wfile.write(f"event: build\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def serve(
    course_dir: Path,
    theme_dirs: Sequence[Path],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = True,
    echo: Callable[[str], None],
) -> int:
    """Run the preview until Ctrl-C (the CLI's entry point); returns the exit code."""
    try:
        server = PreviewServer(course_dir, theme_dirs, host=host, port=port, log=echo)
    except KeyboardInterrupt:  # Ctrl-C during the first build
        echo("stopping")
        return 0
    echo(f"Serving {course_dir} at {server.url} (rebuilds on every save; Ctrl-C to stop)")
    try:
        if open_browser:
            webbrowser.open(server.url)
        server.serve_forever()
    except KeyboardInterrupt:
        echo("stopping")
    finally:
        server.stop()
    return 0
