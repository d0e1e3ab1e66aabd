"""The consent jobs: which stories need the storyteller, a guardian or a clean-up.

``wsstories consent`` lists every story whose consent expires soon or has
expired, that lacks the storyteller's review of the final text, a guardian's
consent or a review of its sensitive topics, and every withdrawn story whose
files are still in ``media/``. Each job names the story's file and consent
reference, never a person: the list is for the staff who renew consent, and
may be shared or printed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from dataclasses import asdict, dataclass

from ..model import Site, Story
from ..reading.links import references
from ..site.outcomes import csv_cell

DEFAULT_WITHIN = 60
#: Days before an expiry that ``build`` starts to remind.
REMINDER_DAYS = 30


@dataclass(frozen=True)
class Job:
    """One thing to do about one story's consent."""

    story: str  # the story's id
    path: str  # the story's file, relative to the current folder
    ref: str  # the consent form's reference ("" when none is recorded)
    kind: str  # expiring | expired | not-reviewed | guardian-missing | sensitive-not-reviewed | withdrawn-media
    date: str | None  # the day it is about (an expiry, a withdrawal), ISO
    days: int | None  # days from today to that day (negative: past)
    action: str  # what to do, in plain words


def jobs(site: Site, within: int = DEFAULT_WITHIN) -> list[Job]:
    """Every consent job on ``site.today``, the most urgent first."""
    today = site.today
    found: list[Job] = []
    kept_files = {f for s in site.stories if not _withdrawn(s) for f in media_files(s)}
    for story in site.stories:
        consent = story.consent
        if consent is None:
            continue
        where = os.path.relpath(story.path)

        def job(kind: str, day: dt.date | None, action: str) -> None:
            found.append(Job(story.id, where, consent.ref, kind,
                             day.isoformat() if day else None,
                             (day - today).days if day else None, action))

        if _withdrawn(story):
            left = sorted(f for f in media_files(story)
                          if f not in kept_files and (site.source / f).is_file())
            if left:
                job("withdrawn-media", consent.withdrawn,
                    f"remove {', '.join(left)}: the storyteller withdrew consent, and no other "
                    "story uses these files")
            continue
        if consent.expires < today:
            job("expired", consent.expires,
                f"consent expired on {consent.expires.isoformat()}, so the story is held back; "
                "ask the storyteller to renew it and record the new date")
        elif (consent.expires - today).days <= within:
            job("expiring", consent.expires,
                f"consent expires on {consent.expires.isoformat()}; ask the storyteller to renew "
                "it before then, or the story leaves the site the day after")
        if consent.reviewed is None or consent.reviewed > today:
            job("not-reviewed", None,
                "the storyteller has not approved the final text; go over it with them as it "
                "will be published, and record the day they approve it as 'reviewed:'")
        if story.storyteller.minor and (consent.guardian is None or consent.guardian > today):
            job("guardian-missing", None,
                "the storyteller is under 18: record a parent's or guardian's consent as "
                "'guardian:'")
        if story.sensitive and (consent.sensitive_reviewed is None
                                or consent.sensitive_reviewed > today):
            job("sensitive-not-reviewed", None,
                f"the story touches {', '.join(story.sensitive)}: go over how it is told with "
                "the storyteller and record the day as 'sensitive_reviewed:'")
    return sorted(found, key=lambda j: (j.days if j.days is not None else 10**6, j.path, j.kind))


def media_files(story: Story) -> set[str]:
    """The files of the source that a story uses: its photo and its media/ links."""
    files = {story.photo.file} if story.photo is not None else set()
    for _, target in references(story.body):
        if not target.startswith("story:"):
            files.add(target.lstrip("/").split("#")[0].split("?")[0])
    return files


def expiring_soon(site: Site, days: int = REMINDER_DAYS) -> list[dt.date]:
    """The expiry days of the published stories whose consent ends within ``days``: ``build``'s reminder.

    Only the consents are read (not every story's media, as :func:`jobs` does),
    so that a build of many stories does not pay for it.
    """
    return sorted(s.consent.expires for s in site.published_stories
                  if s.consent is not None and (s.consent.expires - site.today).days <= days)


def _withdrawn(story: Story) -> bool:
    return story.consent is not None and story.consent.withdrawn is not None


# Formats ------------------------------------------------------------------------------

def as_text(found: list[Job], within: int) -> str:
    if not found:
        return f"No consent needs attention (expiries looked at: the next {within} days).\n"
    lines = [f"{j.path}: {j.ref or 'no reference'}: {j.action}" for j in found]
    lines.append(f"{len(found)} consent job{'s' if len(found) != 1 else ''} "
                 f"(expiries looked at: the next {within} days).")
    return "\n".join(lines) + "\n"


def as_json(found: list[Job]) -> str:
    return json.dumps([asdict(j) for j in found], indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ("story", "path", "ref", "kind", "date", "days", "action")


def as_csv(found: list[Job]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for job in found:
        writer.writerow([csv_cell(getattr(job, column)) for column in CSV_COLUMNS])
    return out.getvalue()


def as_ics(found: list[Job], today: dt.date, site_title: str) -> str:
    """An iCalendar of the expiry dates, each with a reminder two weeks before (RFC 5545)."""
    stamp = today.strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//wsstories//consent expiries//EN",
             "CALSCALE:GREGORIAN", _fold(f"X-WR-CALNAME:{_ics_text(site_title)}: consent expiries")]
    for job in found:
        if job.kind not in ("expiring", "expired") or job.date is None:
            continue
        day = dt.date.fromisoformat(job.date)
        lines += ["BEGIN:VEVENT",
                  _fold(f"UID:consent-{_ics_text(job.story)}-{job.date}@wsstories"),
                  f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                  f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
                  _fold(f"SUMMARY:Consent {job.ref or job.story} expires ({job.story})"),
                  _fold(f"DESCRIPTION:{_ics_text(job.path + ': ' + job.action)}"),
                  "TRANSP:TRANSPARENT",
                  "BEGIN:VALARM", "ACTION:DISPLAY",
                  _fold(f"DESCRIPTION:Renew consent {_ics_text(job.ref or job.story)}"),
                  "TRIGGER:-P14D", "END:VALARM",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def _ics_text(text: str) -> str:
    """A TEXT value escaped as RFC 5545 says (backslash, semicolon, comma, newline)."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> str:
    """A content line folded at 75 octets, as RFC 5545 requires."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74  # continuation lines start with a space
    return "\r\n ".join(parts)
