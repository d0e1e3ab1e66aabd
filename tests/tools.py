"""The external checkers the built site is held to, and a local web server.

Chromium (with ChromeDriver), axe-core, the Nu HTML Checker, the sitemaps.org
schema and LinkChecker are installed by ``.ci/run``. When one is missing, the
test that needs it fails with the install step to run; it is never skipped.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest

TESTS = Path(__file__).resolve().parent
NODE_MODULES = TESTS / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require(path: Path, step: str) -> Path:
    """``path``, or a test failure naming the install step that is missing."""
    if not path.exists():
        pytest.fail(f"{path} is missing; install it with: {step} (see .ci/run)", pytrace=False)
    return path


def node_tool(relative: str) -> Path:
    return require(NODE_MODULES / relative,
                   "npm install --prefix tests --ignore-scripts --no-audit --no-fund")


# A web server -----------------------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        missing = Path(self.directory) / "404.html"
        if code == 404 and missing.is_file():  # as a static host serves the site's 404 page
            body = missing.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


@contextlib.contextmanager
def serve(directory: Path, prefix: str = "/") -> Iterator[str]:
    """Serve ``directory`` at ``http://127.0.0.1:PORT{prefix}``; yields that URL."""
    handler = functools.partial(type("Handler", (_Handler,), {"prefix": prefix}),
                                directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


# Chromium ---------------------------------------------------------------------

def chrome(width: int = 1280, height: int = 900, mobile: bool = False):
    """A headless Chromium driven by selenium, with no network beyond 127.0.0.1."""
    require(CHROMIUM, "apt-get install -y chromium chromium-driver")
    require(CHROMEDRIVER, "apt-get install -y chromium chromium-driver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is missing; install it with: pip install -e '.[test]'", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                f"--window-size={width},{height}"):
        options.add_argument(arg)
    if mobile:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0}})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def axe_violations(driver, url: str) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the page at ``url``."""
    source = node_tool("axe-core/axe.min.js").read_text(encoding="utf-8")
    driver.get(url)
    driver.execute_script(source)
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations)).catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));",
        WCAG_TAGS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n.get("target") for n in v["nodes"]][:3]}
            for v in result]


# The Nu HTML Checker ------------------------------------------------------------

def vnu_errors(folder: Path, css: bool = False) -> list[dict]:
    """The Nu HTML Checker's errors for every HTML page under ``folder``."""
    jar = node_tool("vnu-jar/build/dist/vnu.jar")
    java = shutil.which("java") or pytest.fail(
        "java is missing; install it with: apt-get install -y default-jre-headless", pytrace=False)
    args = [java, "-jar", str(jar), "--format", "json", "--stdout", "--skip-non-html"]
    if css:
        args.append("--also-check-css")
    result = subprocess.run(args + [str(folder)], capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu HTML Checker did not answer: {result.stdout[-500:]}{result.stderr[-500:]}")
    return [m for m in messages if m.get("type") == "error"]


# LinkChecker ----------------------------------------------------------------------

def broken_links(url: str) -> list[str]:
    """LinkChecker's failures when it crawls the site from ``url`` (internal links only)."""
    exe = Path(sys.executable).parent / "linkchecker"
    require(exe, "pip install -e '.[test]'")
    result = subprocess.run(
        [str(exe), "--no-status", "--no-warnings", "--check-extern", "-o", "csv",
         "--ignore-url=^(?!http://127\\.0\\.0\\.1)", url],
        capture_output=True, text=True, timeout=600)
    rows = [line for line in result.stdout.splitlines()
            if line and not line.startswith("#") and not line.startswith("urlname;")]
    if result.returncode not in (0, 1):
        pytest.fail(f"LinkChecker failed to run: {result.stderr[-1000:]}")
    return rows


def crawl(start: str) -> tuple[set[str], list[str]]:
    """Follow every internal link, image, stylesheet and script from ``start``.

    Returns the URLs seen and a list of problems: a status other than 200, or
    a ``#fragment`` that names no element of its page.
    """
    import urllib.error
    import urllib.parse
    import urllib.request

    import lxml.html

    origin = urllib.parse.urlsplit(start)[:2]
    seen: set[str] = set()
    ids: dict[str, set[str] | None] = {}
    fragments: list[tuple[str, str, str]] = []
    problems: list[str] = []
    queue = [(start, "(start)")]
    while queue:
        url, parent = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body, kind = response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            problems.append(f"{url} (linked from {parent}): {exc.code}")
            continue
        if kind != "text/html":
            ids[url] = None
            continue
        page = lxml.html.fromstring(body)
        ids[url] = set(page.xpath("//@id")) | set(page.xpath("//a/@name"))
        links = page.xpath("//a/@href | //link/@href | //img/@src | //script/@src | //source/@src")
        links += [part.split()[0] for srcset in page.xpath("//@srcset") for part in srcset.split(",")]
        for link in links:
            absolute, _, fragment = urllib.parse.urljoin(url, link.strip()).partition("#")
            if urllib.parse.urlsplit(absolute)[:2] != origin:
                continue
            if fragment:
                fragments.append((url, absolute, fragment))
            queue.append((absolute, url))
    for parent, target, fragment in fragments:
        if ids.get(target) is not None and fragment not in ids[target]:
            problems.append(f"{target}#{fragment} (linked from {parent}): no such anchor")
    return seen, problems
