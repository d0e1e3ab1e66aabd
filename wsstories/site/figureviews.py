"""The figures as pages show them: counts, outcome tables, benchmarks and milestones.

Every figure is formatted by :func:`wsstories.site.outcomes.format_value`
in the page's language, and a figure made of fewer stories than
``min_count`` is never shown as a number.
"""

from __future__ import annotations

from ..model import Celebration
from . import charts, i18n, outcomes, translated
from . import urls as u


class FigureViews:
    """The figure part of a :class:`~wsstories.site.views.SiteView` (a mixin: it reads the view)."""

    def display(self, figure) -> str:
        """A figure as the reader sees it, in this language, suppression included."""
        if figure.suppressed:
            return self.fewer()
        return self.value(figure.measure, figure.value)

    def fewer(self) -> str:
        n = self.site.settings.min_count
        return self.ngettext("fewer than %(num)d story", "fewer than %(num)d stories", n) % {"num": n}

    def count_text(self, count: int) -> str | None:
        """"3 stories", "no stories yet", or None (fewer than min_count: see ``count_note``)."""
        if count == 0:
            return self._("no stories yet")  # not a figure: says the page is empty
        if outcomes.suppressed(count, self.site.settings.min_count):
            return None
        return self.ngettext("%(num)d story", "%(num)d stories", count) % {"num": count}

    def count_note(self, groups: list[dict]) -> str | None:
        """Said once under a list of goals when some of them show no count."""
        if all(g["count_text"] is not None for group in groups for g in group["goals"]):
            return None
        n = self.site.settings.min_count
        return self.ngettext("A goal with fewer than %(num)d story shows no count yet.",
                             "A goal with fewer than %(num)d stories shows no count yet.", n) % {"num": n}

    def value(self, measure: str, value) -> str:
        return outcomes.format_value(measure, value, self.lang)

    def headline(self) -> list[dict]:
        """The three figures on the home page: all goals, all years."""
        self.read("figures")
        shown = []
        for measure in ("stories", "employed", "median-hourly-wage"):
            figure = outcomes.lookup(self.figures, measure)
            if figure is not None:
                shown.append({"label": self._(figure.label), "display": self.display(figure)})
        return shown

    def outcome_sections(self) -> list[dict]:
        """A section per goal (and one for all goals): a chart and a table of its figures.

        A figure suppressed in every column is not a row of "fewer than 5
        stories": the section names those figures once (``withheld``), and a
        goal with no figure to show says so in one sentence (``table`` empty).
        """
        self.read("figures")
        years = sorted({f.program_year for f in self.figures if f.program_year})
        sections = []
        goal_ids = [None] + [g["id"] for group in self.goal_groups() for g in group["goals"]]
        for goal in goal_ids:
            mine = [f for f in self.figures if f.goal == goal]
            if not mine:
                continue
            title = self.goal_title(goal) if goal else self._("All goals")
            table, withheld = [], []
            for measure in dict.fromkeys(f.measure for f in mine):
                row = {f.program_year: f for f in mine if f.measure == measure}
                label = self.label(next(iter(row.values())))
                if all(f.suppressed or not f.value for f in row.values()):
                    if any(f.suppressed for f in row.values()):
                        withheld.append(label)
                    continue
                table.append({"label": label, "cells": [
                    self.display(row[y]) if y in row else "—" for y in [None, *years]]})
            counts = [f for f in mine if f.program_year is None and not f.suppressed
                      and outcomes.MEASURES.get(f.measure, ("", "count"))[1] in ("count", "sum")
                      and not f.measure.startswith(outcomes.CREDENTIAL_PREFIX)]
            chart = charts.bar_chart(
                f"chart-{goal or 'all'}",
                self._("%(goal)s: figures for all program years") % {"goal": title},
                [(self.label(f), float(f.value), self.display(f)) for f in counts]) if counts else None
            sections.append({"id": goal or "all", "title": title, "chart": chart,
                             "years": years, "table": table, "withheld": withheld})
        return sections

    def benchmark_views(self) -> list[dict]:
        self.read("figures")
        views = []
        for item in outcomes.benchmarks(self.site, self.figures):
            goal = self.goal_title(item.goal) if item.goal in self.site.goals else self._("All goals")
            actual = self.display(item.figure) if item.figure else self._("no stories yet")
            bench = self.site.settings.benchmarks[len(views)]
            views.append({"label": translated.pick(bench.translations, "label", item.label,
                                                   self.lang, self.site.settings.language),
                          "goal": goal, "program_year": item.program_year,
                          "target": self.value(item.measure, item.target),
                          "actual": actual, "percent": item.percent,
                          "percent_text": None if item.percent is None
                          else i18n.percent(item.percent, self.lang)})
        return views

    def celebration(self, post: Celebration) -> dict:
        self.read("celebrations")
        stories = [self.card(self.visible[i]) for i in post.stories
                   if i in self.visible and self.visible[i].published]
        credits = sorted(post.credits, key=lambda c: self.partner_key(c.partner))
        body = self._pick(post, "body", post.body)
        return {"id": post.id, "url": self.path(f"celebrations/{post.id}/"),
                "title": self._pick(post, "title", post.title), "date": post.date,
                "summary": self._pick(post, "summary", post.summary),
                "body_html": translated.prose(self.markdown(body), body, self._, self.lang),
                "stories": stories,
                "credits": [{"name": self.partner_name(c.partner),
                             "url": self.path(u.partner(c.partner)), "contribution": c.contribution}
                            for c in credits]}

    def milestone_views(self) -> list[dict]:
        self.read("figures")
        return [{"text": self._(m.template) % {"count": i18n.number(m.count, self.lang)},
                 "date": m.date} for m in self.milestones]

    def label(self, figure) -> str:
        if figure.measure.startswith(outcomes.CREDENTIAL_PREFIX):
            kind = figure.measure[len(outcomes.CREDENTIAL_PREFIX):]
            return self._("Credentials: %(kind)s") % {"kind": self._(outcomes.CREDENTIAL_LABELS.get(kind, kind))}
        return self._(figure.label)
