"""``wsstories serve``: build, serve, rebuild on change, reload the browser.

The site is built into a private temporary folder (never into ``output/``),
for ``http://HOST:PORT/``. watchdog watches the source and theme folders; a
change is rebuilt after a short pause. Pages get a small script, added while
serving and never written to the built files, that listens for the result of
each build: after a build that succeeded it reloads the page, after one that
failed it shows the problems over the last good site, which is still served.
"""

from __future__ import annotations

import datetime as dt
import errno
import http.server
import json
import shutil
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from ..diagnostics import Report, Severity
from ..errors import UsageError, WsStoriesError
from ..reading.settings import load_settings
from .build import Builder, BuildStopped

DEBOUNCE_SECONDS = 0.3
PREFIX = "/__wsstories__/"
LIVE_SCRIPT = """(() => {
  let version = null;
  const events = new EventSource("/__wsstories__/events");
  events.onmessage = (event) => {
    const state = JSON.parse(event.data);
    if (version === null) version = state.version;
    show(state.problems);
    if (!state.problems.length && state.version !== version) location.reload();
  };
  function show(problems) {
    let box = document.getElementById("wsstories-problems");
    if (!problems.length) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("section");
      box.id = "wsstories-problems";
      box.setAttribute("role", "alert");
      box.setAttribute("aria-label", "Problems in the last build");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;" +
        "background:#fff1e0;color:#1b1f24;border-top:4px solid #8a3b00;padding:1rem;" +
        "font:15px/1.5 system-ui,sans-serif;z-index:2147483647";
      document.body.appendChild(box);
    }
    box.replaceChildren();
    const heading = document.createElement("h2");
    heading.textContent = "The site was not rebuilt: fix these problems and save again";
    heading.style.cssText = "font-size:1.1rem;margin:0 0 .5rem";
    const list = document.createElement("ul");
    for (const p of problems) {
      const item = document.createElement("li");
      item.textContent = p.text;
      list.appendChild(item);
    }
    box.append(heading, list);
  }
})();
"""


@dataclass
class BuildState:
    """What the browser is told: how many good builds so far, and current problems."""

    version: int = 0
    problems: list[dict] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    def as_json(self) -> str:
        return json.dumps({"version": self.version, "problems": self.problems})


class DevServer:
    """Builds a site, serves it on ``host:port``, and rebuilds it when files change."""

    def __init__(self, source: Path, host: str = "127.0.0.1", port: int = 8000,
                 drafts: bool = False, theme: Path | None = None, today: dt.date | None = None,
                 report: Callable[[str], None] = print):
        self.source = Path(source).absolute()
        self.host, self.drafts, self.theme, self.today = host, drafts, theme, today
        self.report = report
        self.state = BuildState()
        self.folder = Path(tempfile.mkdtemp(prefix="wsstories-serve-"))
        self.output = self.folder / "site"
        # Kept between rebuilds: only what changed is checked, made and written again.
        self.builder = Builder(self.output, persistent=False, in_place=True, defer_search=True)
        self.stopping = threading.Event()
        self._build_lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._serving = False
        try:
            self.httpd = http.server.ThreadingHTTPServer((host, port), self._handler())
        except OSError as exc:
            shutil.rmtree(self.folder, ignore_errors=True)
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"port {port} is already in use on {host}; stop the program "
                                 "that uses it, or choose another port with --port") from None
            raise UsageError(f"cannot serve on {host}:{port} ({exc.strerror or exc})") from None
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://{host}:{self.port}/"

    # Building ---------------------------------------------------------------

    def rebuild(self) -> bool:
        """Build once; on failure keep the last good site and publish the problems."""
        with self._build_lock:
            started = time.perf_counter()
            try:
                result = self.builder.build(self.source, drafts=self.drafts, base_url=self.url,
                                            theme=self.theme, today=self.today)
            except BuildStopped as stopped:
                problems = [d for d in stopped.diagnostics if d.severity is not Severity.INFO]
                self._publish([{"text": d.format(), **d.as_json()} for d in problems])
                self.report(f"Build failed with {len(problems)} problem(s); still serving the "
                            "last good site:")
                for diagnostic in problems:
                    self.report("  " + diagnostic.format())
                return False
            except WsStoriesError as exc:
                self._publish([{"text": str(exc), "path": None, "line": None,
                                "severity": "error", "rule": "build", "message": str(exc)}])
                self.report(f"Build failed: {exc}")
                return False
            with self.state.changed:
                if not self.builder.unchanged or self.state.version == 0:
                    self.state.version += 1  # browsers reload only when the site changed
                self.state.problems = []
                self.state.changed.notify_all()
            self.report(f"Rebuilt in {time.perf_counter() - started:.2f} s: {result.summary()}")
            try:
                self.builder.finish_search()  # after the reload: the pages come first
            except WsStoriesError as exc:
                self.report(f"Search index not updated: {exc}")
            return True

    def _publish(self, problems: list[dict]) -> None:
        with self.state.changed:
            self.state.problems = problems
            self.state.changed.notify_all()

    def schedule(self) -> None:
        """Rebuild after a short pause, so that a burst of saves makes one build."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(DEBOUNCE_SECONDS, self.rebuild)
        self._timer.daemon = True
        self._timer.start()

    # Watching -----------------------------------------------------------------

    def watched(self) -> list[Path]:
        folders = [self.source]
        if self.theme is not None:
            folders.append(Path(self.theme).absolute())
        else:
            settings = load_settings(self.source, Report())
            if settings.theme is not None and settings.theme.is_dir():
                folders.append(settings.theme)
        return folders

    def serve_forever(self) -> None:
        """Build, serve and watch until Ctrl-C (or :meth:`stop`); always cleans up."""
        observer = Observer()
        try:
            self.rebuild()
            handler = _Changes(self)
            for folder in self.watched():
                observer.schedule(handler, str(folder), recursive=True)
            observer.start()
            threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
            self._serving = True
            self.report(f"Serving {self.url} — press Ctrl-C to stop")
            while not self.stopping.wait(0.5):
                pass
        finally:
            if observer.is_alive():
                observer.stop()
                observer.join(timeout=5)
            self.stop()

    def stop(self) -> None:
        self.stopping.set()
        with self.state.changed:
            self.state.changed.notify_all()
        if self._timer is not None:
            self._timer.cancel()
        with self._build_lock:  # let a build in progress finish before its folder goes
            if self._serving:  # shutdown() waits for serve_forever, which may never have run
                self.httpd.shutdown()
            self.httpd.server_close()
            shutil.rmtree(self.folder, ignore_errors=True)

    # Serving ------------------------------------------------------------------

    def _handler(self) -> type[http.server.SimpleHTTPRequestHandler]:
        """The request handler class, bound to this server."""
        return type("Handler", (_Handler,), {"preview": self})


#: Served while there is no good build yet: it lists the problems and reloads once fixed.
WAITING_PAGE = (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>Waiting for a first good build</title></head><body><main>'
                f'<h1>Waiting for a first good build</h1><p>The site has not been built '
                f'yet. Fix the problems listed below (and in the terminal) and save; this '
                f'page reloads by itself.</p></main>'
                f'<script src="{PREFIX}live.js"></script></body></html>')


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site of :attr:`preview`, its pages with the live script, and the build state."""

    preview: DevServer  # set by DevServer._handler

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.preview.output), **kwargs)

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if not self._host_is_ours():
            return None
        path = urllib.parse.urlsplit(self.path).path
        if path == PREFIX + "events":
            return self._events()
        if path == PREFIX + "state":
            return self._send(200, "application/json", self.preview.state.as_json().encode())
        if path == PREFIX + "live.js":
            return self._send(200, "text/javascript", LIVE_SCRIPT.encode())
        target = self._file(path)
        if target is None:
            return self._not_found()
        if target.suffix == ".html":
            html = target.read_bytes().replace(
                b"</body>", f'<script src="{PREFIX}live.js"></script>\n</body>'.encode(), 1)
            return self._send(200, "text/html; charset=utf-8", html)
        return super().do_GET()

    def _file(self, path: str) -> Path | None:
        """The file for a request path, or None; never anything outside the site."""
        root = self.preview.output.resolve()
        parts = [p for p in urllib.parse.unquote(path).split("/") if p]
        if any(p in ("..", ".") or "\\" in p or "\0" in p for p in parts):
            return None
        target = root.joinpath(*parts) if parts else root
        if target.is_dir():
            target = target / "index.html"
        try:
            resolved = target.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if resolved != root and root not in resolved.parents:
            return None
        return resolved if resolved.is_file() else None

    def do_HEAD(self) -> None:
        if self._host_is_ours():
            super().do_HEAD()

    def _host_is_ours(self) -> bool:
        """Answer only requests addressed to this server by one of its own names.

        A page elsewhere can point a name it controls at 127.0.0.1 (DNS
        rebinding) and read drafts through it; such a request still carries
        that name in its Host header, so it is refused.
        """
        if host_allowed(self.headers.get("Host"), self.preview.host, self.preview.port):
            return True
        self._send(421, "text/plain; charset=utf-8",
                   b"This preview server answers only to localhost, 127.0.0.1 and [::1].\n")
        return False

    def send_head(self):
        if self._file(urllib.parse.urlsplit(self.path).path) is None:
            self._not_found()
            return None
        return super().send_head()

    def _not_found(self) -> None:
        page = self.preview.output / "404.html"
        if page.is_file():
            return self._send(404, "text/html; charset=utf-8", page.read_bytes())
        self._send(503, "text/html; charset=utf-8", WAITING_PAGE.encode())

    def _send(self, code: int, kind: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.preview.state
        try:
            while not self.preview.stopping.is_set():
                with state.changed:
                    message = f"data: {state.as_json()}\n\n".encode()
                    self.wfile.write(message)
                    self.wfile.flush()
                    state.changed.wait(timeout=15)
        except (BrokenPipeError, ConnectionResetError):
            pass


LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})


def host_allowed(header: str | None, host: str, port: int) -> bool:
    """Whether a request's Host header names this server: a local name or ``--host``."""
    if not header:
        return False
    name, _, given_port = header.strip().lower().rpartition(":")
    if not name or "]" in given_port:  # no port given ("localhost", or "[::1]")
        name, given_port = header.strip().lower(), ""
    if given_port and given_port != str(port):
        return False
    allowed = LOCAL_NAMES | {host.lower(), f"[{host.lower()}]"}
    return name in allowed


class _Changes(FileSystemEventHandler):
    def __init__(self, server: DevServer):
        self.server = server

    def on_any_event(self, event) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        name = Path(event.src_path).name
        if name.startswith(".") or name.endswith("~"):  # editors' swap and backup files
            return
        self.server.schedule()
