"""Authoring: init, new, serve with live reload, and the progress display."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from wsstories.commands.cli import main

pytestmark = pytest.mark.slow  # wsstories run as a program: init, new, build, serve

TODAY = "2026-11-28"


# init and new -------------------------------------------------------------------

def test_init_makes_a_site_that_builds(tmp_path):
    """init writes settings, two partners, two goals, a story, a README, a .gitignore and the editors' schemas; build then works."""
    site = tmp_path / "harbor"
    assert main(["init", str(site), "--today", TODAY]) == 0
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert names == [".gitignore", "README.md", "stories/_schema/celebration.schema.json",
                     "stories/_schema/goal.schema.json", "stories/_schema/partner.schema.json",
                     "stories/_schema/story.schema.json",
                     "stories/first-story.md", "stories/goals/earn-a-credential.md",
                     "stories/goals/fill-openings.md", "stories/partners/harbor-college.md",
                     "stories/partners/northside-community-services.md", "stories/site.toml"]
    result = subprocess.run([sys.executable, "-m", "wsstories", "build", "--today", TODAY], cwd=site,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "output/stories/first-story/index.html").is_file()
    check = subprocess.run([sys.executable, "-m", "wsstories", "check", "--strict", "--today", TODAY], cwd=site,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    """init never writes into a folder that has files."""
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.fixture
def new_site(tmp_path):
    site = tmp_path / "site"
    main(["init", str(site), "--today", TODAY])
    return site


def _new(site: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wsstories", "new", *args, "--today", TODAY], cwd=site,
                          capture_output=True, text=True)


def test_new_writes_a_draft_that_passes_check_once_filled_in(new_site):
    """new prints the path of a commented draft that check accepts as a draft: its blanks are
    warnings under one draft-incomplete line; filling them in leaves no problem at all."""
    result = _new(new_site, "José's café: a new start", "--goal", "earn-a-credential",
                  "--partner", "harbor-college", "--partner", "northside-community-services")
    assert result.returncode == 0, result.stderr
    path = new_site / result.stdout.strip()
    assert path.relative_to(new_site).as_posix() == f"stories/{TODAY[:4]}/joses-cafe-a-new-start.md"
    text = path.read_text()
    assert text.count("#") > 15  # a comment on every field
    before = subprocess.run([sys.executable, "-m", "wsstories", "check", "--today", TODAY], cwd=new_site,
                            capture_output=True, text=True)
    assert before.returncode == 0, before.stdout
    assert "summary" in before.stdout and "error[" not in before.stdout
    assert f"stories/{TODAY[:4]}/joses-cafe-a-new-start.md: warning[draft-incomplete]" in before.stdout
    assert "1 draft left out until its problems are fixed; 0 errors" in before.stdout
    filled = (text.replace("summary:   #", "summary: José opened a café after a business course. #")
              .replace("  name:   #", "  name: José   #")
              .replace("    contribution:   #", "    contribution: Business course   #")
              .replace("  ref:   #", "  ref: WS-1   #")
              .replace("  date:   #", f"  date: {TODAY}   #"))
    path.write_text(filled)
    after = subprocess.run([sys.executable, "-m", "wsstories", "check", "--today", TODAY], cwd=new_site,
                           capture_output=True, text=True)
    assert after.returncode == 0, after.stdout
    assert "draft-incomplete" not in after.stdout and "left out" not in after.stdout


def test_new_never_overwrites(new_site):
    """A second story with the same title gets a new file name."""
    first = _new(new_site, "Maria's story").stdout.strip()
    second = _new(new_site, "Maria's story").stdout.strip()
    assert first != second and second.endswith("marias-story-2.md")


def test_new_checks_goal_and_partner_ids(new_site):
    """An unknown goal or partner is refused with a 'did you mean'."""
    result = _new(new_site, "A story", "--partner", "harbour-college")
    assert result.returncode == 2 and "did you mean 'harbor-college'" in result.stderr
    result = _new(new_site, "A story", "--goal", "nowhere")
    assert result.returncode == 2 and "unknown goal" in result.stderr


# serve -------------------------------------------------------------------------------

class Served:
    """`wsstories serve` running in a subprocess on a free port."""

    def __init__(self, site: Path, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "wsstories", "serve", "--port", "0", "--today", TODAY,
             *args], cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            # Ctrl-C reaches the server as it does in a terminal, even when the tests run as a
            # background job (which starts its children with SIGINT ignored).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self.lines: list[str] = []
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.process.stdout.readline()
            self.lines.append(line)
            match = re.search(r"Serving (http://\S+/)", line)
            if match:
                self.url = match.group(1)
                return
        raise AssertionError("serve did not start: " + "".join(self.lines))

    def get(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def state(self) -> dict:
        import json
        return json.loads(self.get("__wsstories__/state")[1])

    def wait(self, condition, what: str, seconds: float = 20):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if condition():
                return
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=15)
        finally:
            if self.process.poll() is None:
                self.process.kill()


@pytest.fixture
def served(new_site):
    server = Served(new_site)
    yield server
    if server.process.poll() is None:
        server.stop()


STORY = "stories/first-story.md"


def test_serve_rebuilds_shows_problems_and_recovers(new_site, served):
    """Edits rebuild the site; a broken file keeps the last good site and lists the problem."""
    status, html = served.get("stories/first-story/")
    assert status == 200 and "Maria earned her certificate" in html
    assert "/__wsstories__/live.js" in html  # added while serving only
    assert "live.js" not in (new_site / "output").as_posix()

    path = new_site / STORY
    good = path.read_text()
    first = served.state()["version"]
    path.write_text(good.replace("Maria earned her certificate", "Maria passed her exam"))
    # Pages are written one by one in serve's folder; the reload is announced once all are.
    served.wait(lambda: served.state()["version"] > first
                and "Maria passed her exam" in served.get("stories/first-story/")[1], "rebuild")

    version = served.state()["version"]
    path.write_text(good.replace("goal: earn-a-credential", "goal: earn-a-credental"))
    served.wait(lambda: served.state()["problems"], "the problem to be reported")
    [problem] = served.state()["problems"]
    assert problem["rule"] == "ref-goal-unknown" and problem["line"] == 6  # line 2 is the editor's schema line
    assert "first-story.md:6: error[ref-goal-unknown]" in problem["text"]
    status, html = served.get("stories/first-story/")
    assert status == 200 and "Maria passed her exam" in html  # the last good site
    assert served.state()["version"] == version

    path.write_text(good)
    served.wait(lambda: not served.state()["problems"], "the problem to clear")
    assert served.state()["version"] == version + 1
    assert "Maria earned her certificate" in served.get("stories/first-story/")[1]


@pytest.mark.parametrize("request_path", [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc/passwd",
    "/stories/../../../../etc/hostname", "//etc/passwd",
])
def test_serve_never_leaves_the_site(served, request_path):
    """No request path reaches a file outside the built site."""
    host, port = served.url[len("http://"):-1].split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(f"GET {request_path} HTTP/1.0\r\nHost: {host}:{port}\r\n\r\n".encode())
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.0 404") or reply.startswith(b"HTTP/1.1 404")
    assert b"root:" not in reply and Path("/etc/hostname").read_bytes().strip() not in reply[200:] \
        or reply.startswith(b"HTTP/1.0 404")


def test_serve_listens_on_this_computer_only_by_default(served):
    """The default host is 127.0.0.1."""
    assert served.url.startswith("http://127.0.0.1:")


def test_a_busy_port_gets_a_clear_message(new_site):
    """serve on a port in use exits 2 and says so."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "wsstories", "serve", "--port", str(port)],
                                cwd=new_site, capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert f"port {port} is already in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_ctrl_c_stops_cleanly(served):
    """Ctrl-C stops the server with exit 0, and the port is freed."""
    assert served.stop() == 0
    assert "Stopped." in served.process.stdout.read()
    with pytest.raises(OSError):
        urllib.request.urlopen(served.url, timeout=2)


@pytest.mark.browser
def test_an_open_page_reloads_itself_and_shows_problems(new_site, served):
    """In Chromium, a saved story reloads the open page; a broken one shows an overlay."""
    from tools import chrome
    driver = chrome()
    try:
        driver.get(served.url + "stories/first-story/")
        driver.execute_script("window.__before_reload = true")
        path = new_site / STORY
        good = path.read_text()
        path.write_text(good.replace("Maria earned her certificate", "Maria passed her exam"))
        served.wait(lambda: driver.find_element("tag name", "h1").text == "Maria passed her exam in evening classes",
                    "the page to reload")
        assert driver.execute_script("return window.__before_reload === undefined")
        path.write_text(good.replace("goal: earn-a-credential", "goal: nowhere"))
        served.wait(lambda: driver.find_elements("id", "wsstories-problems"), "the overlay")
        overlay = driver.find_element("id", "wsstories-problems")
        assert "ref-goal-unknown" in overlay.text and "first-story.md:6" in overlay.text
        path.write_text(good)
        served.wait(lambda: not driver.find_elements("id", "wsstories-problems"), "the overlay to clear")
        assert driver.find_element("tag name", "h1").text == "Maria earned her certificate in evening classes"
    finally:
        driver.quit()


# progress ---------------------------------------------------------------------------------

def test_builds_stay_quiet_without_a_terminal(new_site):
    """With no terminal (as in CI) a build prints its summary and no progress bars."""
    result = subprocess.run([sys.executable, "-m", "wsstories", "build", "--today", TODAY], cwd=new_site,
                            capture_output=True, text=True)
    assert result.stderr == "" and result.stdout.startswith("Built ")


def test_quiet_and_verbose(new_site):
    """--quiet prints nothing on success; --verbose adds why stories are held back, then hints."""
    _new(new_site, "A draft story")
    quiet = subprocess.run([sys.executable, "-m", "wsstories", "build", "--quiet", "--today", TODAY], cwd=new_site,
                           capture_output=True, text=True)
    assert quiet.returncode == 0  # the new draft's empty values are warnings: it is a draft
    assert "warning[draft-incomplete]" in quiet.stdout and "Built " not in quiet.stdout
    (next((new_site / "stories").glob("20*/a-draft-story.md"))).unlink()
    quiet = subprocess.run([sys.executable, "-m", "wsstories", "build", "--quiet", "--today", TODAY], cwd=new_site,
                           capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stdout == ""
    story = new_site / STORY
    story.write_text(story.read_text().replace("status: published", "status: draft"))
    verbose = subprocess.run([sys.executable, "-m", "wsstories", "build", "--verbose", "--today", TODAY],
                             cwd=new_site, capture_output=True, text=True)
    assert "info[publish-draft]" in verbose.stdout
    # init's example address is a hint (publish would refuse it), apart from the held-back reasons
    assert "info[publish-example]" in verbose.stdout, verbose.stdout
    plain = subprocess.run([sys.executable, "-m", "wsstories", "build", "--today", TODAY],
                           cwd=new_site, capture_output=True, text=True)
    assert "info[" not in plain.stdout and "1 held back (1 draft)" in plain.stdout


def test_progress_is_drawn_on_a_terminal(new_site):
    """On a terminal, a build draws its progress with rich."""
    import pty
    pid, fd = pty.fork()
    if pid == 0:  # the child: a build on a pseudo-terminal
        os.chdir(new_site)
        os.environ.pop("CI", None)
        os.execv(sys.executable, [sys.executable, "-m", "wsstories", "build", "--today", TODAY])
    output = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.waitpid(pid, 0)
    assert b"Writing pages" in output and b"Built " in output


def test_sigterm_stops_cleanly_and_leaves_nothing(served):
    """SIGTERM (a service manager's stop) ends serve like Ctrl-C, exit 0, and removes its folder."""
    import glob
    import tempfile
    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "wsstories-serve-*")))
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=15) == 0
    assert "Stopped." in served.process.stdout.read()
    after = set(glob.glob(os.path.join(tempfile.gettempdir(), "wsstories-serve-*")))
    assert len(after) < len(before) or not after


def test_serve_starts_even_when_the_first_build_fails(new_site):
    """With a broken file at start, serve still runs, shows the problems, and recovers."""
    path = new_site / STORY
    good = path.read_text()
    path.write_text(good.replace("goal: earn-a-credential", "goal: nowhere"))
    server = Served(new_site)
    try:
        status, html = server.get("")
        assert status == 503 and "Waiting for a first good build" in html and "live.js" in html
        assert server.state()["problems"][0]["rule"] == "ref-goal-unknown"
        path.write_text(good)
        server.wait(lambda: server.get("")[0] == 200, "the first good build")
    finally:
        server.stop()
