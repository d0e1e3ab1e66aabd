"""Validating: front matter becomes model objects, and ids are linked.

``make_*`` turn one :class:`~wsstories.sources.SourceFile` into a model
object (or ``None`` when the file has errors, after reporting them); each is
given a report of its own file, so that files can be validated in parallel.
:func:`link` then checks everything that spans files: unique ids, references
to goals, partners, stories and media files, and names that clash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Mapping

from ..diagnostics import Report, did_you_mean
from ..model import Celebration, Consent, Credit, Goal, Outcome, Partner, Photo, Settings, Story, Storyteller
from ..publication import add_years, decide
from . import mediafiles, photos
from .links import references
from .schema import Context, validate
from .schemas import CELEBRATION, DEFAULT_SCOPE, GOAL, OWNERSHIP, PARTNER, RANKING, STORY
from .sources import SourceFile

#: The consent fields a translation may give while sharing its original's consent.
SHARED_CONSENT_FIELDS = ("expires", "scope", "withdrawn", "guardian", "sensitive_reviewed")


def make(src: SourceFile, settings: Settings, today: dt.date, report: Report):
    """The model object for one file of any kind, or None when it has errors."""
    if src.kind == "story":
        return make_story(src, settings, today, report)
    if src.kind == "partner":
        return make_partner(src, report, settings.languages)
    if src.kind == "goal":
        return make_goal(src, report, settings.languages)
    return make_celebration(src, report, settings.languages)


def make_partner(src: SourceFile, report: Report, languages: tuple[str, ...] = ("en",)) -> Partner | None:
    data = validate(src.meta, PARTNER, Context(src.path, report, (RANKING,), "a partner", languages))
    _warn_empty_body(src, report, "the partner's description, in its own words")
    if report.errors:
        return None
    logo = data.get("logo", {})
    return Partner(id=src.id, path=src.path, name=data["name"], type=data["type"],
                   description=src.body, body_line=src.body_line, url=data.get("url"),
                   logo_file=logo.get("file"), logo_alt=logo.get("alt"),
                   translations=data.get("translations", {}),
                   translation_lines=_translation_lines(src))


def make_goal(src: SourceFile, report: Report, languages: tuple[str, ...] = ("en",)) -> Goal | None:
    data = validate(src.meta, GOAL, Context(src.path, report, what="a goal", languages=languages))
    _warn_empty_body(src, report, "a plain-language description of the goal")
    if report.errors:
        return None
    return Goal(id=src.id, path=src.path, title=data["title"], audience=data["audience"],
                description=src.body, body_line=src.body_line, order=data.get("order"),
                translations=data.get("translations", {}),
                translation_lines=_translation_lines(src))


def _translation_lines(src: SourceFile) -> dict[str, int]:
    """The line of each translated field (``"es.description"`` → line), for messages."""
    given = src.meta.get("translations")
    lines = {}
    for lang in given if hasattr(given, "key_lines") else ():
        fields = given[lang]
        for key in fields if hasattr(fields, "key_lines") else ():
            line = fields.value_line(key) or fields.key_line(key)
            if line is not None:
                lines[f"{lang}.{key}"] = line
    return lines


def make_story(src: SourceFile, settings: Settings, today: dt.date, report: Report) -> Story | None:
    data = validate(src.meta, STORY, Context(src.path, report, (OWNERSHIP,), "a story"))
    _warn_empty_body(src, report, "the story itself, told from the storyteller's perspective")
    given = data.get("consent")
    if given is not None and not data.get("translation_of"):
        for key, what in (("ref", "the reference of the signed consent form"),
                          ("date", "when the storyteller gave informed consent")):
            if key not in given:
                report.error(src.path, given["_line"], "schema-required",
                             f"the required field 'consent.{key}' is missing under 'consent' ({what})")
    consent = _consent(src, given, settings, report)
    own_review, own_consent = None, ()
    if given is not None and data.get("translation_of"):
        own = {"ref", "date"} & set(given)
        if len(own) == 1:
            missing = ({"ref", "date"} - own).pop()
            report.error(src.path, given["_line"], "schema-required",
                         f"the field 'consent.{missing}' is missing under 'consent': a translation "
                         "either shares its original's consent (give neither 'ref' nor 'date') or "
                         "has a consent of its own (give both)")
        elif not own:  # a translation's own review of its words, and limits on the shared consent
            own_review = given.get("reviewed")
            own_consent = tuple(
                (key, tuple(s for _, s in given[key]) if key == "scope" else given[key])
                for key in SHARED_CONSENT_FIELDS if key in given)
    teller = data.get("storyteller", {})
    if teller.get("naming") == "first" and len(teller.get("name", "").split()) > 1:
        report.warning(src.path, teller["_lines"].get("name"), "schema-naming",
                       f"naming is 'first' but the name '{teller['name']}' has more than one "
                       "word; give the first name only, or set naming to 'full'")
    photo = data.get("photo")
    if photo is not None and "alt" not in photo and not photo.get("decorative"):
        report.error(src.path, photo["_line"], "schema-required",
                     "the photo needs 'alt', a short description for people who cannot see it "
                     "(or 'decorative: true' if it adds nothing a description could say)")
    if report.errors:
        return None
    lines = dict(data["_lines"])
    for group in ("storyteller", "consent"):
        for key, line in data.get(group, {}).get("_lines", {}).items():
            lines[f"{group}.{key}"] = line
    story = Story(
        id=src.id, path=src.path, title=data["title"], summary=data["summary"],
        date=data["date"], goal=data["goal"], status=data.get("status", "draft"),
        storyteller=Storyteller(teller["name"], teller["naming"], teller.get("minor", False)),
        credits=_credits(data["partners"]),
        body=src.body, body_line=src.body_line,
        lang=data.get("lang", settings.language),
        consent=consent, quote=data.get("quote"), quote_lang=data.get("quote_lang"),
        photo=Photo(photo["file"], photo.get("alt", ""), photo.get("decorative", False),
                    photo.get("identifiable"), photo["_line"]) if photo else None,
        outcomes=tuple(_outcome(line, item) for line, item in data.get("outcomes", [])),
        sensitive=tuple(sorted({topic for _, topic in data.get("sensitive", [])})),
        translation_of=data.get("translation_of"),
        own_review=own_review,
        own_consent=own_consent,
        lines=lines,
    )
    return replace(story, decision=decide(story, today))


def make_celebration(src: SourceFile, report: Report,
                     languages: tuple[str, ...] = ("en",)) -> Celebration | None:
    data = validate(src.meta, CELEBRATION, Context(src.path, report, (OWNERSHIP,), "a celebration",
                                                   languages))
    if report.errors:
        return None
    return Celebration(
        id=src.id, path=src.path, title=data["title"], date=data["date"],
        summary=data["summary"], status=data.get("status", "draft"),
        body=src.body, body_line=src.body_line,
        stories=tuple(story for _, story in data.get("stories", [])),
        credits=_credits(data.get("partners", [])),
        lines={**data["_lines"], **{f"stories.{ref}": line for line, ref in data.get("stories", [])}},
        translations=data.get("translations", {}),
        translation_lines=_translation_lines(src),
    )


def _credits(items: list[tuple[int, dict]]) -> tuple[Credit, ...]:
    return tuple(Credit(item["partner"], item["contribution"], item["_lines"].get("partner", line),
                        item["_lines"].get("contribution", line))
                 for line, item in items)


def _outcome(line: int | None, item: dict) -> Outcome:
    values = {k: v for k, v in item.items() if k not in ("type", "as_of", "_line", "_lines")}
    return Outcome(type=item["type"], values=values, as_of=item.get("as_of"), line=line)


def _consent(src: SourceFile, data: dict | None, settings: Settings, report: Report) -> Consent | None:
    if not data or "ref" not in data or "date" not in data:
        return None
    lines = data["_lines"]
    given = data["date"]
    expires = data.get("expires") or add_years(given, settings.consent_years)
    if expires < given:
        report.error(src.path, lines.get("expires"), "consent-dates",
                     f"consent expires on {expires.isoformat()}, before it was given on "
                     f"{given.isoformat()}")
    for key, what in (("reviewed", "the storyteller's review"),
                      ("withdrawn", "the withdrawal"), ("sensitive_reviewed", "the sensitive-topic review")):
        if key in data and data[key] < given:
            report.warning(src.path, lines.get(key), "consent-dates",
                           f"{what} ({data[key].isoformat()}) is dated before consent was given "
                           f"({given.isoformat()}); check both dates")
    scope = tuple(dict.fromkeys(s for _, s in data["scope"])) if "scope" in data else DEFAULT_SCOPE
    return Consent(ref=data["ref"], date=given, expires=expires, reviewed=data.get("reviewed"),
                   scope=scope, withdrawn=data.get("withdrawn"), guardian=data.get("guardian"),
                   sensitive_reviewed=data.get("sensitive_reviewed"))


def _warn_empty_body(src: SourceFile, report: Report, what: str) -> None:
    if not src.body.strip():
        report.warning(src.path, src.body_line - 1, "schema-empty-body",
                       f"there is no text after the front matter; write {what} there")


def link(source: Path, stories: list[Story], story_ids: set[str], partners: Mapping[str, Partner],
         goals: Mapping[str, Goal], celebrations: list[Celebration], report: Report) -> None:
    """Check every reference between files; report what does not resolve.

    ``story_ids`` names every story file that was read, valid or not, so that
    a reference to a story with errors is not also called unknown.
    """
    _name_clashes(partners.values(), "name", "partner", report)
    _name_clashes(goals.values(), "title", "goal", report)
    published = {s.id for s in stories if s.decision.published}
    for partner in partners.values():
        if partner.logo_file:
            _media(source, partner.path, partner.logo_file, None, report)
        _body_links(source, partner.path, partner.description, partner.body_line, story_ids,
                    published, report)
        _translated_links(source, partner, story_ids, published, report)
    for goal in goals.values():
        _body_links(source, goal.path, goal.description, goal.body_line, story_ids, published, report)
        _translated_links(source, goal, story_ids, published, report)
    for story in stories:
        if story.goal not in goals:
            report.error(story.path, story.lines.get("goal"), "ref-goal-unknown",
                         f"unknown goal '{story.goal}'{did_you_mean(story.goal, goals)}; "
                         "a goal is the id of a file in goals/")
        _check_credits(story.path, story.credits, partners, report)
        if story.translation_of is not None:
            line = story.lines.get("translation_of")
            if story.translation_of == story.id:
                report.error(story.path, line, "ref-translation-self",
                             "a story cannot be a translation of itself")
            elif story.translation_of not in story_ids:
                report.error(story.path, line, "ref-translation-unknown",
                             f"unknown story '{story.translation_of}'"
                             f"{did_you_mean(story.translation_of, story_ids)}; "
                             "'translation_of' names the id of the original story")
        if story.photo is not None:
            _check_photo(source, story, report)
        _body_links(source, story.path, story.body, story.body_line, story_ids, published, report)
    for post in celebrations:
        for ref in post.stories:
            if ref not in story_ids:
                report.error(post.path, post.lines.get(f"stories.{ref}"), "ref-story-unknown",
                             f"unknown story '{ref}'{did_you_mean(ref, story_ids)}")
        _check_credits(post.path, post.credits, partners, report)
        _body_links(source, post.path, post.body, post.body_line, story_ids, published, report)
        _translated_links(source, post, story_ids, published, report, "body")


def _body_links(source: Path, path: Path, body: str, body_line: int, story_ids: set[str],
                published: set[str], report: Report) -> None:
    """``[text](story:ID)`` must name a story; ``media/…`` links a file of the source."""
    for offset, target in references(body):
        line = body_line + offset
        if target.startswith("story:"):
            ident = target[len("story:"):]
            if ident not in story_ids:
                report.error(path, line, "ref-story-link-unknown",
                             f"the link 'story:{ident}' names no story"
                             f"{did_you_mean(ident, story_ids)}; write story: and the story's "
                             "file name without .md")
            elif ident not in published:
                report.warning(path, line, "ref-story-link-held",
                               f"the story '{ident}' is not published, so this link shows as "
                               "plain text until it is")
        else:
            relative = _media(source, path, target, line, report, link=True)
            if relative and photos.is_image(relative):
                try:
                    photos.inspect(source / relative)
                except photos.ImageProblem as problem:
                    report.error(path, line, problem.rule, str(problem))


def _translated_links(source: Path, item, story_ids: set[str], published: set[str],
                      report: Report, field: str = "description") -> None:
    """A translated text's links are checked like the original's (``field``: its name)."""
    for lang, fields in item.translations.items():
        if field in fields:
            line = item.translation_lines.get(f"{lang}.{field}", 1)  # where the text starts
            _body_links(source, item.path, fields[field], line, story_ids, published, report)


def _check_photo(source: Path, story: Story, report: Report) -> None:
    """The photo exists, is a sound image, is consented to, and protects a minor."""
    photo, line = story.photo, story.lines.get("photo")
    relative = _media(source, story.path, photo.file, line, report)
    if relative:
        try:
            photos.inspect(source / relative)
        except photos.ImageProblem as problem:
            report.error(story.path, line, problem.rule, str(problem))
    if story.consent is not None and "photo" not in story.consent.scope:
        report.warning(story.path, line, "consent-photo",
                       "the consent scope does not include 'photo', so the photo is not shown; "
                       "add photo to consent.scope if the storyteller agreed")
    if story.storyteller.minor and photo.identifiable is not False:
        report.error(story.path, line, "minor-photo",
                     "the storyteller is a minor: their photo must not show who they are. Use a "
                     "photo in which they cannot be recognized and mark it 'identifiable: false'")


def _check_credits(path: Path, credits: Iterable[Credit], partners: Mapping[str, Partner],
                   report: Report) -> None:
    seen: dict[str, int | None] = {}
    for credit in credits:
        if credit.partner not in partners:
            report.error(path, credit.line, "ref-partner-unknown",
                         f"unknown partner '{credit.partner}'{did_you_mean(credit.partner, partners)}; "
                         "a partner is the id of a file in partners/")
        if credit.partner in seen:
            report.error(path, credit.line, "ref-partner-twice",
                         f"partner '{credit.partner}' is listed twice (also on line "
                         f"{seen[credit.partner]}); list it once and join the contributions")
        seen[credit.partner] = credit.line


def _media(source: Path, owner: Path, file: str, line: int | None, report: Report,
           link: bool = False) -> str | None:
    """The ``media/…`` path that ``file`` names, if it is a file that may be published."""
    try:
        relative = mediafiles.media_path(file, link=link)
        mediafiles.media_file(source, relative)
    except mediafiles.MediaProblem as problem:
        report.error(owner, line, problem.rule, str(problem))
        return None
    return relative


def _name_clashes(items, attr: str, what: str, report: Report) -> None:
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(" ".join(getattr(item, attr).split()).casefold(), []).append(item)
    for group in groups.values():
        for item in group if len(group) > 1 else ():
            others = ", ".join(f"'{getattr(o, attr)}' ({o.path.name})" for o in group if o is not item)
            report.error(item.path, None, "ref-name-clash",
                         f"this {what} is called '{getattr(item, attr)}', which differs only in "
                         f"capitals or spaces from {others}; is it the same {what}?")
