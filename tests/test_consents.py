"""`wsstories consent`: the consent jobs, as text, JSON, CSV and a calendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from conftest import TODAY, story_data

from wsstories.commands.cli import main

CONSENT = story_data()["consent"]


def _consent(**changes) -> dict:
    return {**CONSENT, **changes}


@pytest.fixture
def jobs_site(site_dir):
    """One story for each kind of consent job, and one that needs nothing."""
    soon = TODAY + dt.timedelta(days=20)
    site_dir.story("fine")
    site_dir.story("soon", consent=_consent(expires=soon))
    site_dir.story("later", consent=_consent(expires=TODAY + dt.timedelta(days=200)))
    site_dir.story("expired", consent=_consent(expires=TODAY - dt.timedelta(days=3)))
    unreviewed = _consent()
    unreviewed.pop("reviewed")
    site_dir.story("unreviewed", consent=unreviewed)
    site_dir.story("minor", storyteller={"name": "Sam", "naming": "first", "minor": True})
    site_dir.story("sensitive", sensitive=["health"])
    site_dir.write("media/gone.pdf", b"%PDF-1.4 a flyer")
    site_dir.story("withdrawn", consent=_consent(withdrawn=TODAY - dt.timedelta(days=1)),
                   body="Text.\n\n[the flyer](media/gone.pdf)\n")
    return site_dir


def _run(site_dir, capsys, *args: str):
    code = main(["consent", "--source", str(site_dir.root), "--today", TODAY.isoformat(), *args])
    return code, capsys.readouterr().out


def test_every_kind_of_job_is_listed_with_its_reference(jobs_site, capsys):
    """Expiring, expired, unreviewed, guardian, sensitive and withdrawn-with-media are listed."""
    code, out = _run(jobs_site, capsys, "--format", "json")
    assert code == 0
    found = {(j["story"], j["kind"]) for j in json.loads(out)}
    assert found == {("soon", "expiring"), ("expired", "expired"),
                     ("unreviewed", "not-reviewed"), ("minor", "guardian-missing"),
                     ("sensitive", "sensitive-not-reviewed"), ("withdrawn", "withdrawn-media")}
    by_story = {j["story"]: j for j in json.loads(out)}
    assert by_story["soon"]["days"] == 20 and by_story["expired"]["days"] == -3
    assert "media/gone.pdf" in by_story["withdrawn"]["action"]
    assert all(j["ref"] == CONSENT["ref"] for j in by_story.values())


def test_the_window_decides_which_expiries_are_listed(jobs_site, capsys):
    """--within 365 adds the consent that ends in 200 days; --within 10 drops the one in 20."""
    _, wide = _run(jobs_site, capsys, "--format", "json", "--within", "365")
    assert "later" in {j["story"] for j in json.loads(wide)}
    _, narrow = _run(jobs_site, capsys, "--format", "json", "--within", "10")
    assert "soon" not in {j["story"] for j in json.loads(narrow)}


def test_the_list_names_no_person(jobs_site, capsys):
    """Jobs name files and consent references, never the storyteller's name."""
    for form in ("text", "json", "csv", "ics"):
        _, out = _run(jobs_site, capsys, "--format", form)
        assert "Maria" not in out and "Sam" not in out, form


def test_text_is_one_line_a_job_most_urgent_first(jobs_site, capsys):
    """Each job is one line starting with the file; the past expiry comes first."""
    _, out = _run(jobs_site, capsys)
    lines = out.splitlines()
    assert len(lines) == 7 and lines[-1].startswith("6 consent jobs")
    assert "stories/expired.md: WS-2026-0142: consent expired on" in lines[0]


def test_csv_has_a_header_and_a_row_a_job(jobs_site, capsys):
    """The CSV reads back with the same jobs as the JSON."""
    _, out = _run(jobs_site, capsys, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert {r["kind"] for r in rows} == {"expiring", "expired", "not-reviewed", "guardian-missing",
                                         "sensitive-not-reviewed", "withdrawn-media"}


def test_ics_is_a_valid_calendar_of_expiry_dates(jobs_site, capsys):
    """The calendar parses (icalendar) and holds one all-day event per expiry, with an alarm."""
    import icalendar
    _, out = _run(jobs_site, capsys, "--format", "ics")
    assert all(line.endswith("\r") or not line for line in out.split("\n"))
    calendar = icalendar.Calendar.from_ical(out)
    events = calendar.walk("VEVENT")
    assert sorted(e.decoded("DTSTART") for e in events) == [
        TODAY - dt.timedelta(days=3), TODAY + dt.timedelta(days=20)]
    for event in events:
        assert "WS-2026-0142" in str(event["SUMMARY"])
        assert event.walk("VALARM")[0].decoded("TRIGGER") == -dt.timedelta(days=14)
    assert len({str(e["UID"]) for e in events}) == 2


def test_nothing_to_do_says_so(site_dir, capsys):
    """A site whose consents are all in order gets one plain sentence."""
    code, out = _run(site_dir, capsys)
    assert code == 0 and out.startswith("No consent needs attention")


def test_a_negative_window_is_a_usage_error(site_dir, capsys):
    """--within -1 exits 2 with a message."""
    assert main(["consent", "--source", str(site_dir.root), "--within", "-1"]) == 2
    assert "0 or more" in capsys.readouterr().err
