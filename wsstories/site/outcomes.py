"""Outcome figures: what published stories add up to, per goal and program year.

Only published stories count (``Site.published_stories``). A program year
runs July 1 – June 30 and is named for the year it starts in (PY2026 is
July 1, 2026 – June 30, 2027); an outcome counts in the program year of its
``as_of`` month, or else of the story's date. Any figure made from fewer than
``min_count`` stories is suppressed everywhere: it is never shown as a number,
so that no figure can point at a person. :func:`suppressed` is the one rule,
used by every page, export and image (figures, benchmarks, milestones, the
count of stories of a goal). Figures are story-reported, not official WIOA
performance.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from ..model import Outcome, Site, Story
from . import i18n
from .i18n import N_

NOTE = N_("Story-reported, not official WIOA performance.")

#: measure id → (label, how it is made, outcome type)
MEASURES: dict[str, tuple[str, str, str | None]] = {
    "stories": (N_("Stories"), "count", None),
    "employed": (N_("People employed"), "count", "employed"),
    "median-hourly-wage": (N_("Median hourly wage"), "median", "hourly-wage"),
    "median-annual-wage": (N_("Median annual wage"), "median", "annual-wage"),
    "credentials": (N_("Credentials earned"), "count", "credential"),
    "skill-gains": (N_("Measurable skill gains"), "count", "skill-gain"),
    "retained-q2": (N_("Working 2 quarters after exit"), "count", "retained-q2"),
    "retained-q4": (N_("Working 4 quarters after exit"), "count", "retained-q4"),
    "education-enrolled": (N_("Enrolled in education"), "count", "education-enrolled"),
    "promotions": (N_("Promotions"), "count", "promotion"),
    "businesses-started": (N_("Businesses started"), "count", "business-started"),
    "hires": (N_("People hired"), "sum", "hires"),
    "apprentices": (N_("Apprentices"), "sum", "apprentices"),
    "staff-trained": (N_("Staff trained"), "sum", "staff-trained"),
    "median-retention": (N_("Median retention"), "median", "retention"),
}
CREDENTIAL_LABELS = {
    "secondary-diploma": N_("secondary diploma"), "associate": N_("associate degree"),
    "bachelor": N_("bachelor's degree"), "graduate": N_("graduate degree"),
    "occupational-licence": N_("occupational license"),
    "occupational-certification": N_("occupational certification"),
    "occupational-certificate": N_("occupational certificate"),
    "apprenticeship": N_("apprenticeship"), "other": N_("other"),
}
CREDENTIAL_PREFIX = "credentials:"
MONEY = {"median-hourly-wage", "median-annual-wage"}
PERCENT = {"median-retention"}


def suppressed(stories: int, min_count: int) -> bool:
    """Whether a figure made from ``stories`` stories is withheld: from 1 to ``min_count`` − 1.

    No story at all points at nobody, so zero is shown as zero.
    """
    return 0 < stories < min_count


def program_year(day: dt.date) -> str:
    """``PY2026`` for any day from July 1, 2026 to June 30, 2027."""
    return f"PY{day.year if day.month >= 7 else day.year - 1}"


def outcome_year(story: Story, outcome: Outcome) -> str:
    if outcome.as_of:
        year, month = (int(part) for part in outcome.as_of.split("-"))
        return program_year(dt.date(year, month, 1))
    return program_year(story.date)


@dataclass(frozen=True)
class Figure:
    """One figure: a measure for a goal (None: all goals) and a program year (None: all years)."""

    goal: str | None
    program_year: str | None
    measure: str
    value: float | int | None  # None when suppressed
    stories: int  # how many stories it is made from
    suppressed: bool

    @property
    def label(self) -> str:
        if self.measure.startswith(CREDENTIAL_PREFIX):
            kind = self.measure[len(CREDENTIAL_PREFIX):]
            return f"Credentials: {CREDENTIAL_LABELS.get(kind, kind)}"
        return MEASURES[self.measure][0]

    def display(self, min_count: int) -> str:
        """The figure as a reader sees it, suppression included."""
        if self.suppressed:
            return f"fewer than {min_count} stories"
        return format_value(self.measure, self.value)


def format_value(measure: str, value, lang: str = "en") -> str:
    """A figure's value as a reader of ``lang`` reads it: the one place figures are formatted."""
    if measure in MONEY:
        return i18n.money(value, lang)
    if measure in PERCENT:
        return i18n.percent(value, lang)
    return i18n.number(value, lang)


def figures(site: Site) -> list[Figure]:
    """Every figure for every goal and program year, and for all of them together.

    A translation is the same story told again: only originals are counted.
    """
    stories = [s for s in site.published_stories if s.translation_of is None]
    goals = [None] + sorted(site.goals, key=lambda g: (site.goals[g].order is None,
                                                        site.goals[g].order or 0, g))
    years = [None] + sorted({program_year(s.date) for s in stories}
                            | {outcome_year(s, o) for s in stories for o in s.outcomes})
    # Sorted into (goal, year) buckets in one pass; None stands for "all".
    counted: dict[tuple, list[Story]] = {}
    found: dict[tuple, dict[str, list[tuple[Story, Outcome]]]] = {}
    for story in stories:
        story_year = program_year(story.date)
        years_of = [outcome_year(story, outcome) for outcome in story.outcomes]
        for goal in (None, story.goal):
            for year in (None, story_year):
                counted.setdefault((goal, year), []).append(story)
            for outcome, its_year in zip(story.outcomes, years_of):
                for year in (None, its_year):
                    found.setdefault((goal, year), {}).setdefault(outcome.type, []).append((story, outcome))
    result = []
    for goal in goals:
        for year in years:
            result.extend(_figures_for(counted.get((goal, year), []), found.get((goal, year), {}),
                                       goal, year, site.settings.min_count))
    return result


def _figures_for(counted: list[Story], by_kind: dict[str, list[tuple[Story, Outcome]]],
                 goal: str | None, year: str | None, min_count: int) -> Iterable[Figure]:
    """The figures of one goal and year: ``counted`` stories, ``by_kind`` their outcomes."""
    def outcomes(kind: str) -> list[tuple[Story, Outcome]]:
        return by_kind.get(kind, [])

    def figure(measure: str, value, count: int) -> Figure:
        hidden = suppressed(count, min_count)
        return Figure(goal, year, measure, None if hidden else value, count, hidden)

    for measure, (_, how, kind) in MEASURES.items():
        if kind is None:
            yield figure(measure, len(counted), len(counted))
            continue
        found = outcomes(kind)
        tellers = len({s.id for s, _ in found})
        if not found:
            continue
        if how == "count":
            yield figure(measure, tellers, tellers)
        elif how == "sum":
            yield figure(measure, int(sum(o.values["value"] for _, o in found)), tellers)
        else:
            values = [Decimal(str(o.values["value"])) for _, o in found]
            middle = statistics.median(values).quantize(Decimal("0.01"), ROUND_HALF_UP)
            yield figure(measure, float(middle), tellers)
        if kind == "credential":
            by_type: dict[str, set[str]] = {}
            for story, outcome in found:
                by_type.setdefault(outcome.values.get("credential_type", "other"), set()).add(story.id)
            for credential_type, ids in sorted(by_type.items()):
                yield figure(CREDENTIAL_PREFIX + credential_type, len(ids), len(ids))


def lookup(all_figures: list[Figure], measure: str, goal: str | None = None,
           year: str | None = None) -> Figure | None:
    return next((f for f in all_figures if f.measure == measure and f.goal == goal
                 and f.program_year == year), None)


@dataclass(frozen=True)
class BenchmarkProgress:
    label: str
    measure: str
    goal: str | None
    program_year: str
    target: float
    figure: Figure | None

    @property
    def percent(self) -> float | None:
        """How far along, 0–100 (capped), or None when the figure is not shown."""
        if self.figure is None or self.figure.suppressed or not self.target:
            return None
        return round(min(100.0, 100.0 * float(self.figure.value) / self.target), 1)


def benchmarks(site: Site, all_figures: list[Figure]) -> list[BenchmarkProgress]:
    """Each benchmark of site.toml with its actual figure."""
    return [BenchmarkProgress(b.label, b.measure, b.goal, b.program_year, b.target,
                              lookup(all_figures, b.measure, b.goal, b.program_year))
            for b in site.settings.benchmarks]


def rows(site: Site, all_figures: list[Figure]) -> list[dict]:
    """The figures as flat rows, for CSV, JSON and the terminal: suppression applied."""
    titles = {g.id: g.title for g in site.goals.values()}
    return [{
        "goal": f.goal or "all",
        "goal_title": titles.get(f.goal, "All goals"),
        "program_year": f.program_year or "all",
        "measure": f.measure,
        "label": f.label,
        "value": f.value,
        "display": f.display(site.settings.min_count),
        "stories": f.stories if not f.suppressed else None,
        "suppressed": f.suppressed,
    } for f in all_figures]


CSV_COLUMNS = ("goal", "goal_title", "program_year", "measure", "label", "value", "display",
               "stories", "suppressed")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> object:
    """A cell that no spreadsheet runs as a formula.

    Text starting with ``= + - @``, a tab or a carriage return is prefixed with a
    single quote, as OWASP recommends against CSV injection (goal titles and labels
    come from content files that anyone in the partnership may write). Numbers are
    the build's own and are left as they are.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS):
        value = "'" + value
    # One line a row: the writer ends rows with "\n" and would leave a bare CR unquoted.
    return " ".join(value.splitlines()) if "\r" in value or "\n" in value else value


def csv_text(table: list[dict]) -> str:
    """The figures as CSV, one row a figure; a suppressed figure has no value."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in table:
        writer.writerow({k: csv_cell(row[k]) for k in CSV_COLUMNS})
    return out.getvalue()


def json_text(site: Site, table: list[dict], all_figures: list[Figure]) -> str:
    """The figures and benchmarks as JSON, with the note and the suppression threshold."""
    marks = [{"label": b.label, "outcome": b.measure, "goal": b.goal or "all",
              "program_year": b.program_year, "target": b.target,
              "actual": None if b.figure is None or b.figure.suppressed else b.figure.value,
              "percent": b.percent} for b in benchmarks(site, all_figures)]
    data = {"note": NOTE, "min_count": site.settings.min_count, "figures": table,
            "benchmarks": marks}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
