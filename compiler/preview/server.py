"""The preview server: the LMS emulation page, the latest build's package files, and build events (SSE).

Routes (on 127.0.0.1 unless asked otherwise; nothing is fetched from elsewhere):
  /                          the host page (the target's emulation, debug panel, course frame)
  /_preview/<asset>          the page's CSS and JS (package data)
  /_preview/target/<script>  the previewed target's emulation scripts (compiler/targets/<name>/)
  /_preview/build.json       the latest build (ok, diagnostics text, launch data)
  /_preview/events           server-sent events: one `build` event per rebuild
  /_preview/lms/<path>       the server side of the emulation, if the target has one (cmi5: LMS and
                             LRS; the only route that takes POST, PUT and DELETE)
  /course/<path>             a file of the latest good package

The server knows no standard: the target's `preview.py` (compiler.targets.base.PreviewEmulation)
names the scripts, the launch settings and the backend.

Connections cost no thread while they wait: one lobby thread holds every accepted socket until its
request head has arrived (or closes it after HEADER_TIMEOUT), a fixed pool of WORKERS threads answers
complete requests, and one thread writes to every open event stream. So slow or idle clients cannot
use up threads, and the thread count stays bounded however many connect.
"""

from __future__ import annotations

import contextlib
import functools
import io
import ipaddress
import json
import mimetypes
import re
import selectors
import socket
import threading
import time
import webbrowser
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from compiler.preview.build import PreviewBuild, build_preview, default_target, emulation
from compiler.preview.host import ASSETS, HostPage, asset, host_page, target_asset
from compiler.preview.watch import Watcher
from compiler.targets.base import PreviewBackend

KEEPALIVE_SECONDS = 15.0
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")

WORKERS = 8
"""Threads that answer requests (each request arrives complete, so a worker never waits on a client's input)."""
HEADER_TIMEOUT = 10.0
"""Seconds a connection may take from connecting to the end of its request head; then it is closed."""
WRITE_TIMEOUT = 10.0
"""Seconds one write to a client may block (a client that stops reading is dropped)."""
MAX_WAITING = 256
"""Connections waiting for their request head at once; beyond, the longest-waiting one is closed."""
MAX_REQUEST_HEAD = 64 * 1024
"""Bytes of request line and headers; a longer head is refused (431)."""
MAX_EVENT_STREAMS = 32
"""Open live-reload streams (browser tabs) at once; more are refused (503)."""


MAX_REQUEST_BODY = 4 * 1024 * 1024
"""Bytes of a request body (only the emulation's backend takes one); a longer one is refused (413)."""
_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)[ \t]*\r?$", re.I | re.M)


class RemoteBindRefused(ValueError):
    """The preview was asked to listen on an address other computers can reach, without allow_remote."""


def is_loopback(host: str) -> bool:
    """Whether a host name or address means this computer only: localhost, 127.0.0.0/8 or ::1."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


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
        allow_remote: bool = False,
        target: str | None = None,
    ) -> None:
        if not allow_remote and not is_loopback(host):
            raise RemoteBindRefused(host)
        self.target = target or default_target(course_dir)
        self.emulation = emulation(self.target)  # NoPreview before anything listens
        self.backend: PreviewBackend | None = self.emulation.backend() if self.emulation.backend else None
        self.course_dir = course_dir
        self.theme_dirs = tuple(theme_dirs)
        self.log = log
        self._lock = threading.Condition()
        self._stopping = False
        self._thread: threading.Thread | None = None
        # Listen first (a busy port fails at once), and scan before the first build so that a save
        # during it still triggers a rebuild.
        self.httpd = _HTTPServer((host, port), _Handler, self)
        self.streams = _EventStreams(self)
        self.watcher = Watcher([course_dir, *self.theme_dirs], self._on_change, poll_interval)
        self._build = build_preview(course_dir, self.theme_dirs, 1, self.target)
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
        build = build_preview(self.course_dir, self.theme_dirs, self.build.version + 1, self.target)
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
        played = self.emulation
        return host_page(
            HostPage(
                lms=played.adapter,
                scripts=[
                    *(f"_preview/{name}" for name in played.host_scripts),
                    *(f"_preview/target/{name}" for name in played.scripts),
                    "_preview/lms-host.js",
                    "_preview/preview.js",
                ],
                frame_src="course/index.html",
                title=(self._good.title if self._good else "") or self.course_dir.name,
                stylesheet="_preview/lms-host.css",
                # An emulation with a server side launches the frame itself (the launch URL comes from it).
                launch_now=build.ok and self.backend is None,
                settings={
                    "build": build.to_json(),
                    "launch": build.to_json()["launch"],
                    "launchNow": build.ok,
                    "label": played.label,
                },
            )
        )

    def target_script(self, name: str) -> bytes | None:
        """One of the previewed target's emulation scripts, or None for any other name."""
        return target_asset(self.target, name) if name in self.emulation.scripts else None

    def start(self) -> None:
        """Serve and watch in background threads (tests, embedding)."""
        self.watcher.start()
        self.streams.start()
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="coursec-preview-http", daemon=True)
        self._thread.start()

    def serve_forever(self) -> None:
        """Watch in the background and serve in this thread until stop() or Ctrl-C."""
        self.watcher.start()
        self.streams.start()
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
        self.streams.stop()
        self.httpd.server_close()


class _EventStreams:
    """Writes build events and keep-alives to every open event stream from one thread."""

    def __init__(self, preview: PreviewServer) -> None:
        self.preview = preview
        self._clients: dict[socket.socket, int | None] = {}  # guarded by preview._lock
        self._added = False
        self._thread = threading.Thread(target=self._run, name="coursec-preview-events", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def has_room(self) -> bool:
        with self.preview._lock:
            return len(self._clients) < MAX_EVENT_STREAMS

    def add(self, connection: socket.socket) -> bool:
        """Take over an event stream whose headers are sent; False when MAX_EVENT_STREAMS are open."""
        with self.preview._lock:
            if len(self._clients) >= MAX_EVENT_STREAMS or self.preview._stopping:
                return False
            self._clients[connection] = None
            self._added = True
            self.preview._lock.notify_all()
            return True

    def _due(self, last: int | None) -> bool:
        preview = self.preview
        return preview._stopping or self._added or preview._build.version != last

    def _run(self) -> None:
        preview, last = self.preview, None
        while True:
            with preview._lock:
                woken = preview._lock.wait_for(functools.partial(self._due, last), KEEPALIVE_SECONDS)
                if preview._stopping:
                    return
                self._added = False
                build, last = preview._build, preview._build.version
                clients = list(self._clients.items())
            event = f"event: build\ndata: {json.dumps(build.to_json(), ensure_ascii=False)}\n\n".encode()
            for connection, seen in clients:
                data = event if seen != build.version else None if woken else b": keep-alive\n\n"
                if data is None:
                    continue
                try:
                    connection.sendall(data)
                except OSError:  # gone, or not reading for WRITE_TIMEOUT
                    self._drop(connection)
                    continue
                with preview._lock:
                    if connection in self._clients:
                        self._clients[connection] = build.version

    def _drop(self, connection: socket.socket) -> None:
        with self.preview._lock:
            self._clients.pop(connection, None)
        _close(connection)

    def stop(self) -> None:
        if self._thread.is_alive():
            self._thread.join()
        with self.preview._lock:
            clients, self._clients = list(self._clients), {}
        for connection in clients:
            _close(connection)


def _close(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()


def _complete(data: bytearray) -> bool:
    """Whether the request head has arrived, and the body its Content-Length announces (bodies wait threadless too).

    A head longer than MAX_REQUEST_HEAD, or a body announced longer than MAX_REQUEST_BODY, counts as
    complete: the handler refuses it without reading more.
    """
    ends = [i + len(mark) for mark in (b"\r\n\r\n", b"\n\n") if (i := data.find(mark)) >= 0]
    if not ends:
        return len(data) > MAX_REQUEST_HEAD
    end = min(ends)
    found = _LENGTH.search(bytes(data[:end]))
    length = int(found.group(1)) if found else 0
    return length > MAX_REQUEST_BODY or len(data) - end >= length


class _Lobby:
    """Holds accepted connections, without a thread each, until their request head is complete."""

    def __init__(self, server: _HTTPServer) -> None:
        self.server = server
        self._selector = selectors.DefaultSelector()
        self._waiting: dict[socket.socket, tuple[float, bytearray]] = {}  # only touched by the lobby thread
        self._new: list[socket.socket] = []
        self._new_lock = threading.Lock()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._selector.register(self._wake_read, selectors.EVENT_READ)
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="coursec-preview-lobby", daemon=True)
        self._thread.start()

    def add(self, connection: socket.socket) -> None:
        connection.setblocking(False)
        with self._new_lock:
            self._new.append(connection)
        with contextlib.suppress(OSError):
            self._wake_write.send(b"x")

    def stop(self) -> None:
        self._stopping = True
        with contextlib.suppress(OSError):
            self._wake_write.send(b"x")
        self._thread.join()
        for connection in [*self._waiting, *self._new]:
            _close(connection)
        self._selector.close()
        self._wake_read.close()
        self._wake_write.close()

    def _run(self) -> None:
        while not self._stopping:
            for key, _ in self._selector.select(timeout=1.0):
                if key.fileobj is self._wake_read:
                    with contextlib.suppress(OSError):
                        self._wake_read.recv(4096)
                    continue
                assert isinstance(key.fileobj, socket.socket)
                self._read(key.fileobj)
            self._admit()
            self._expire(time.monotonic() - HEADER_TIMEOUT)

    def _admit(self) -> None:
        with self._new_lock:
            new, self._new = self._new, []
        for connection in new:
            if len(self._waiting) >= MAX_WAITING:
                self._forget(next(iter(self._waiting)))  # the longest-waiting one (dicts keep insertion order)
            self._waiting[connection] = (time.monotonic(), bytearray())
            self._selector.register(connection, selectors.EVENT_READ)

    def _read(self, connection: socket.socket) -> None:
        _, head = self._waiting[connection]
        try:
            chunk = connection.recv(8192)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        if not chunk:
            self._forget(connection)
            return
        head += chunk
        if _complete(head) or len(head) > MAX_REQUEST_HEAD + MAX_REQUEST_BODY:
            self._selector.unregister(connection)
            del self._waiting[connection]
            self.server.dispatch(connection, bytes(head))

    def _expire(self, before: float) -> None:
        for connection in [c for c, (since, _) in self._waiting.items() if since < before]:
            self._forget(connection)

    def _forget(self, connection: socket.socket) -> None:
        self._selector.unregister(connection)
        del self._waiting[connection]
        _close(connection)


class _HTTPServer(HTTPServer):
    request_queue_size = 128  # socketserver's 5 makes a burst of connections wait for SYN retries

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], preview: PreviewServer) -> None:
        self.preview = preview
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="coursec-preview-worker")
        self._heads: dict[socket.socket, bytes] = {}
        self._heads_lock = threading.Lock()
        self._adopted: set[socket.socket] = set()
        self.lobby = _Lobby(self)

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        """Accepted: wait (threadless) for the request head instead of reading it in this thread."""
        self.lobby.add(request)

    def dispatch(self, connection: socket.socket, head: bytes) -> None:
        with self._heads_lock:
            self._heads[connection] = head
        try:
            address = connection.getpeername()
        except OSError:
            address = ("", 0)
        self._pool.submit(self._answer, connection, address)

    def take_head(self, connection: socket.socket) -> bytes:
        with self._heads_lock:
            return self._heads.pop(connection, b"")

    def adopt(self, connection: socket.socket) -> None:
        """The event streams took this connection over: do not close it after the request."""
        self._adopted.add(connection)

    def _answer(self, connection: socket.socket, address: tuple[str, int]) -> None:
        try:
            self.finish_request(connection, address)
        except Exception:  # reported like socketserver does; the worker goes on
            self.handle_error(connection, address)
        finally:
            if connection in self._adopted:
                self._adopted.discard(connection)
            else:
                self.shutdown_request(connection)

    def server_close(self) -> None:
        super().server_close()
        self.lobby.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "coursec-preview"
    timeout = WRITE_TIMEOUT

    def setup(self) -> None:
        super().setup()
        # The lobby read the whole request head (GET and HEAD have no body): parse it from memory.
        # A body (POST or PUT to the emulation's backend) arrived with it (_complete).
        self.rfile = io.BytesIO(self.server.take_head(self.connection))

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
        if not is_loopback(str(self.server.server_address[0])):
            return True  # --allow-remote: others reach it by whatever name they know
        try:
            name = urlsplit("//" + (self.headers.get("Host") or "")).hostname or ""
        except ValueError:  # a malformed Host such as '[x'
            return False
        return is_loopback(name)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_POST(self) -> None:
        self._backend()

    do_PUT = do_DELETE = do_POST

    def _backend(self, body: bytes | None = None) -> None:
        """A request for the emulation's server side (/_preview/lms/...): any method, JSON or text answers."""
        preview = self.server.preview
        if not self._host_allowed() or not self._origin_allowed():
            self._send(HTTPStatus.FORBIDDEN, b"forbidden host\n", "text/plain; charset=utf-8")
            return
        split = urlsplit(self.path)
        path = unquote(split.path)
        if preview.backend is None or not path.startswith("/_preview/lms/"):
            self._send(
                HTTPStatus.METHOD_NOT_ALLOWED, b"not allowed\n", "text/plain; charset=utf-8", {"Allow": "GET, HEAD"}
            )
            return
        if body is None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_REQUEST_BODY:
                self._send(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE, b"request body too large\n", "text/plain; charset=utf-8"
                )
                return
            body = self.rfile.read(length) if length else b""
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        headers = dict(self.headers.items())
        status, kind, answer = preview.backend.handle(
            self.command, path.removeprefix("/_preview/lms/"), query, headers, body
        )
        self._send(HTTPStatus(status), answer, kind)

    def _origin_allowed(self) -> bool:
        """A request that names an Origin comes from this preview's own pages (no other site may write to it)."""
        origin = self.headers.get("Origin")
        if origin is None or not is_loopback(str(self.server.server_address[0])):
            return True
        try:
            return is_loopback(urlsplit(origin).hostname or "")
        except ValueError:
            return False

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
        elif path.startswith("/_preview/lms/"):
            self._backend(b"")
        elif path.startswith("/_preview/target/"):
            script = preview.target_script(path.removeprefix("/_preview/target/"))
            if script is None:
                self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            else:
                self._send(HTTPStatus.OK, script, content_type(path))
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
        """Send the stream's headers, then hand the connection to the event-stream thread."""
        if not preview.streams.has_room():
            self._send(HTTPStatus.SERVICE_UNAVAILABLE, b"too many open previews\n", "text/plain; charset=utf-8")
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.flush()
        if preview.streams.add(self.connection):
            self.server.adopt(self.connection)
            self.close_connection = True


def serve(
    course_dir: Path,
    theme_dirs: Sequence[Path],
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = True,
    allow_remote: bool = False,
    target: str | None = None,
    echo: Callable[[str], None],
) -> int:
    """Run the preview until Ctrl-C (the CLI's entry point); returns the exit code."""
    try:
        server = PreviewServer(
            course_dir, theme_dirs, host=host, port=port, log=echo, allow_remote=allow_remote, target=target
        )
    except KeyboardInterrupt:  # Ctrl-C during the first build
        echo("stopping")
        return 0
    echo(f"Serving {course_dir} as {server.emulation.label} at {server.url} (rebuilds on every save; Ctrl-C to stop)")
    try:
        if open_browser:
            webbrowser.open(server.url)
        server.serve_forever()
    except KeyboardInterrupt:
        echo("stopping")
    finally:
        server.stop()
    return 0
