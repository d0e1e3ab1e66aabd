"""Security: the dev server's host names and the outcome exports' cells."""

from __future__ import annotations

import csv
import http.client
import io
import urllib.parse

import pytest
from conftest import TODAY
from test_authoring import Served

from wsstories.commands.build import build
from wsstories.commands.cli import main
from wsstories.site import outcomes

# serve answers only its own host names ------------------------------------------

@pytest.fixture
def server(tmp_path):
    site = tmp_path / "site"
    main(["init", str(site), "--today", TODAY.isoformat()])
    served = Served(site, "--drafts")
    yield served
    if served.process.poll() is None:
        served.stop()


def _get(url: str, path: str, host: str | None) -> tuple[int, bytes]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.slow
def test_serve_refuses_a_foreign_host_name(server):
    """A DNS-rebinding page's host name gets 421 for pages, drafts and the state endpoint."""
    port = urllib.parse.urlsplit(server.url).port
    for path in ("/", "/stories/first-story/", "/__wsstories__/state", "/__wsstories__/events"):
        for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1.nip.io:{port}",
                     f"localhost:{port + 1}", ""):
            status, body = _get(server.url, path, host)
            assert status == 421, (path, host, status)
            assert b"first-story" not in body and b"{" not in body
        status, _ = _get(server.url, path, None)
        assert status == 421, (path, "no Host header")


@pytest.mark.slow
def test_serve_answers_its_own_host_names(server):
    """localhost, 127.0.0.1 and [::1], with the server's port or none, are answered."""
    port = urllib.parse.urlsplit(server.url).port
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "localhost",
                 f"LOCALHOST:{port}"):
        status, body = _get(server.url, "/", host)
        assert status == 200, (host, status)
        assert b"<html" in body
    status, body = _get(server.url, "/__wsstories__/state", f"localhost:{port}")
    assert status == 200 and body.startswith(b"{")


# outcomes.csv never carries a formula ---------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://x.example\",\"Click\")", "+1+2", "-2+3", "@SUM(A1)",
            "\t=1", "\r=1"]


def test_csv_cells_that_could_run_as_formulas_are_neutralised():
    """Text starting with = + - @, a tab or CR gets a leading quote; numbers stay numbers."""
    rows = [{**{column: "" for column in outcomes.CSV_COLUMNS}, "goal_title": text,
             "label": text, "value": -1.5, "stories": 7} for text in FORMULAS]
    parsed = list(csv.DictReader(io.StringIO(outcomes.csv_text(rows), newline="")))
    assert len(parsed) == len(FORMULAS)
    for row, text in zip(parsed, FORMULAS):
        expected = "'" + text.replace("\r", " ")
        assert row["goal_title"] == expected and row["label"] == expected
        assert row["value"] == "-1.5" and row["stories"] == "7"


def test_a_goal_title_written_as_a_formula_is_inert_in_outcomes_csv(site_dir, tmp_path):
    """A goal whose title is a spreadsheet formula is exported as text, not a formula."""
    site_dir.write("goals/earn-a-credential.md",
                   '---\ntitle: "=HYPERLINK(\\"http://x.example\\",\\"Open\\")"\n'
                   "audience: job-seeker\n---\nPeople who want a credential.\n")
    out = tmp_path / "out"
    build(site_dir.root, out, today=TODAY)
    rows = list(csv.DictReader(io.StringIO((out / "outcomes.csv").read_text(encoding="utf-8"))))
    titles = {row["goal_title"] for row in rows}
    assert "'=HYPERLINK(\"http://x.example\",\"Open\")" in titles
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(outcomes.FORMULA_STARTS[:4]) or _is_number(cell), cell


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
