"""The storytelling checks: ownership claims, dignity, privacy, minors, headline, plain language.

Each story's words are read field by field (title, summary, body, quote,
contributions, photo description). Before ownership claims are looked for,
the storyteller's own words are masked: quotations, block quotes, and
sentences that report what the storyteller says. It is their story, on their
terms. Severities come from site.toml's ``[rules]``; a line may excuse a rule
with a ``wsstories-allow:`` comment.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from ..diagnostics import Report, Severity
from ..model import Celebration, Settings, Story
from ..rules import FAMILY
from . import claims as claim_rules
from .claims import ClaimFinder
from .privacy import PrivacyFinder, sentence_at
from .sensitive import about_a_group, placeholders, topics, words_of
from .voice import _COMMENT, _LINK_TARGET, first_person, mask, storyteller_masked
from .wording import ACRONYM, KNOWN_ACRONYMS, DignityFinder

LONG_SENTENCE = 30

_HEADING = re.compile(r"^#+.*$", re.MULTILINE)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"”’)]*|$)", re.DOTALL)
# The same matches as ACRONYM's "\b[A-Z]…", with the capital first and the boundary looked
# behind it: a pattern that starts with a letter is searched for at C speed, one that starts
# with \b is tried at every character (two and a half times slower on a story).
_ACRONYM = (re.compile(r"[A-Z](?<!\w[A-Z])" + ACRONYM.pattern[len(r"\b[A-Z]"):], ACRONYM.flags)
            if ACRONYM.pattern.startswith(r"\b[A-Z]") else ACRONYM)
_WORD = re.compile(r"[\w’'-]+")
#: :func:`expanded_acronyms`'s two patterns: 'FN (Full Name)' written capital first, as _ACRONYM is.
_EXPANDED = (re.compile(r"\(\s*([A-Z][A-Z0-9&]{1,7})s?\s*\)"),
             re.compile(r"([A-Z](?<!\w[A-Z])[A-Z0-9&]{1,7})s?\s*\(\s*[A-Za-z]"))


def _expanded(text: str) -> set[str]:
    """The same as :func:`expanded_acronyms`, searched at C speed (both need a '(')."""
    if "(" not in text:
        return set()
    return set(_EXPANDED[0].findall(text)) | set(_EXPANDED[1].findall(text))

#: A course number after a subject code ("MATH 0950", "ACCT 1010", "WELD 101A"): three or four
#: digits, not a year and not part of a longer number or code.
_COURSE_NUMBER = re.compile(r"[ \u00a0](?!(?:19|20)\d\d\b)\d{3,4}[A-Z]?(?![\w-]|[.,]\d)")


@dataclass(frozen=True)
class Text:
    """One field's words and the line where they start."""

    field: str
    text: str
    line: int | None
    multiline: bool = False
    storyteller_words: bool = False  # the quote field: never checked for claims

    def line_of(self, offset: int) -> int | None:
        if self.line is None or not self.multiline:
            return self.line
        return self.line + bisect.bisect_left(self._newlines, offset)

    @functools.cached_property
    def tokens(self) -> set[str]:
        """The text's lowercase ASCII words (``[a-z]+``), found once for every rule."""
        return words_of(self.text.lower())

    @functools.cached_property
    def _newlines(self) -> list[int]:
        """Where each line ends: one pass, however many problems a long text has."""
        return [m.start() for m in re.finditer("\n", self.text)]


def _without(text: str, pattern: re.Pattern, mark: str) -> str:
    """:func:`mask`, skipped for a text without the ``mark`` that every match contains."""
    return mask(text, pattern) if mark in text else text


#: Bytes of an ASCII word character (``[\w'-]``) kept, '?' kept for a character beyond ASCII,
#: every other byte a space.
_FLAT = bytes(c if c < 128 and (chr(c).isalnum() or chr(c) in "_'-?") else 32 for c in range(256))


def _flat(text: str) -> str:
    """``text`` with a '?' for each character beyond ASCII and a space for each ASCII one that
    cannot be in a word, offsets kept.

    A stretch of it has no more words (``_WORD``) than its split() pieces and '?'s
    together: only a character beyond ASCII can join two words into one piece, and each
    joins two at most.
    """
    return text.replace("?", " ").encode("ascii", "replace").translate(_FLAT).decode("ascii")


class Checker:
    """Runs the storytelling rules for one site (its settings and partner names)."""

    def __init__(self, settings: Settings, partner_names: Iterable[str] = (),
                 goal_audiences: Mapping[str, str] | None = None):
        self.settings = settings
        self.audiences = dict(goal_audiences or {})
        partner_names = list(partner_names)
        self.claims = ClaimFinder(partner_names)
        self.dignity = DignityFinder()
        self.privacy = PrivacyFinder(settings.case_patterns, partner_names)

    def _emit(self, report: Report, path: Path, line: int | None, rule: str, message: str,
              excused: Mapping[int, frozenset[str]], certain: bool = True) -> None:
        level = self.settings.severity(rule)
        parent = FAMILY.get(rule)
        if parent and rule not in self.settings.rules and self.settings.severity(parent) == "off":
            level = "off"  # 'ownership-claim = "off"' turns off the possible claims too
        if not certain and level == "error":
            level = "warning"  # only a clear finding blocks a build
        if level == "off" or (line is not None and (rule in excused.get(line, ()) or (
                parent is not None and parent in excused.get(line, ())))):
            return
        report.add(path, line, Severity(level), rule, message)

    def check_texts(self, path: Path, texts: list[Text], name: str | None,
                    excused: Mapping[int, frozenset[str]], report: Report, lang: str = "en",
                    own_voice: bool = False) -> None:
        """Ownership claims, dignity, private details and plain language in ``texts``.

        ``own_voice``: the storyteller tells the story in the first person (an
        employer's "we hired"), so "we" and "our" are theirs, not a partner's.
        """
        spanish = lang == "es"
        for text in texts:
            tokens = text.tokens
            if not text.storyteller_words:
                masked = storyteller_masked(text.text, name, tokens)
                sentences = list(self.claims.sentences(masked, tokens))
                for claim in self.claims.find(masked, tokens, own_voice, sentences):
                    rule = "ownership-claim" if claim.certain else "ownership-possible"
                    self._emit(report, path, text.line_of(claim.start), rule,
                               claim_rules.message(claim, text.text, spanish, name), excused)
                for start, rule, message in self.dignity.find(masked, sentences):
                    self._emit(report, path, text.line_of(start), rule, message, excused)
            for found in self.privacy.find(text.text, tokens, name, lang):
                self._emit(report, path, text.line_of(found.start), found.rule, found.message,
                           excused, found.certain)
        self._plain(path, texts, excused, report)

    def _plain(self, path: Path, texts: list[Text], excused, report: Report) -> None:
        prose = [t for t in texts if t.field in ("title", "summary", "body")]
        unlinked = {id(t): _without(t.text, _LINK_TARGET, "](") for t in prose}
        for text in prose:
            if text.field != "body":
                continue
            clean = _without(mask(unlinked[id(text)], _COMMENT), _HEADING, "#")
            flat = _flat(clean)
            for sentence in _SENTENCE.finditer(clean):
                s, e = sentence.span()
                # at most this many words: most sentences are plainly short enough, uncounted
                # (the pieces of a stretch of ``flat`` are at most its spaces and one)
                if e - s <= 2 * LONG_SENTENCE:
                    continue
                marks = flat.count("?", s, e)
                if flat.count(" ", s, e) + 1 + marks <= LONG_SENTENCE or \
                        len(flat[s:e].split()) + marks <= LONG_SENTENCE:
                    continue
                words = _WORD.findall(sentence.group(0))
                if len(words) > LONG_SENTENCE:
                    start = sentence.start() + len(sentence.group(0)) - len(sentence.group(0).lstrip())
                    opening = " ".join(words[:6])
                    self._emit(report, path, text.line_of(start), "plain-long-sentence",
                               f"the sentence '{opening} …' has {len(words)} words; sentences of "
                               f"{LONG_SENTENCE} words or fewer are easier to read, on a phone "
                               "too. Try splitting it in two", excused)
        explained = None  # found only when an acronym needs it
        seen: set[str] = set()
        for text in prose:
            words = unlinked[id(text)]
            for match in _ACRONYM.finditer(words):
                found = match.group(0)
                word = found[:-1] if found.endswith("s") else found
                if word in seen or word in KNOWN_ACRONYMS:
                    continue
                if found.isalpha() and _COURSE_NUMBER.match(words, match.end()):
                    continue  # a subject code with its course number is a course's name
                if explained is None:
                    explained = _expanded("\n".join(t.text for t in prose))
                if word in explained:
                    continue
                seen.add(word)
                self._emit(report, path, text.line_of(match.start()), "plain-acronym",
                           f"'{word}' is not spelled out; the first time, write it in full "
                           f"with the short form after it, like 'Workforce Innovation and "
                           f"Opportunity Act (WIOA)'", excused)

    def check_story(self, story: Story, excused: Mapping[int, frozenset[str]],
                    report: Report) -> None:
        """Every storytelling rule for one story."""
        teller = story.storyteller
        name = None if teller.naming == "anonymous" else teller.name.split()[0]
        texts = story_texts(story)
        body = next((t for t in texts if t.field == "body"), None)
        self.check_texts(story.path, texts, name, excused, report, story.lang,
                         self._own_voice(story, body.tokens if body else None))
        line = story.lines.get
        self._story_privacy(story, texts, excused, report)
        if teller.minor and teller.naming == "full":
            self._emit(report, story.path, line("storyteller.naming"), "minor-full-name",
                       "the storyteller is a minor, so their full name is never shown; use "
                       "'naming: first', 'pseudonym' or 'anonymous'", excused)
        if teller.minor:
            for text in story_texts(story):
                for start, school in self.privacy.schools(text.text):
                    self._emit(report, story.path, text.line_of(start), "minor-school",
                               f"'{school}' names a school; a minor's story never says which "
                               "school they attend. Write 'her high school' instead", excused)
        if name and self._headline_applies(story):
            words = {w.casefold() for w in _WORD.findall(story.title + " " + story.summary)}
            if name.casefold() not in words and name.casefold().rstrip("s") not in words:
                self._emit(report, story.path, line("title"), "headline-person",
                           f"neither the title nor the summary names {name}; the headline is "
                           f"about the person, e.g. '{name} …'", excused)

    def _story_privacy(self, story: Story, texts: list[Text],
                       excused: Mapping[int, frozenset[str]], report: Report) -> None:
        """A surname the storyteller did not agree to, unlisted sensitive topics, placeholders."""
        teller = story.storyteller
        first = teller.name.split()[0] if teller.name.split() else ""
        if teller.naming in ("first", "pseudonym", "anonymous") and first:
            for text in texts:
                for found in self.privacy.surnames(text.text, first, story.lang,
                                                       teller.name):
                    self._emit(report, story.path, text.line_of(found.start), found.rule,
                               found.message, excused, found.certain)
        listed = set(story.sensitive)
        if "disability" in listed:
            listed.add("health")  # an injury or a condition behind a disability is the same topic
        mentioned: dict[str, list[tuple[Text, int, str]]] = {}
        # An employer's story is about a business: "people with disabilities" there are the people
        # it serves or hires, in general. In a person's story such a group may well include them.
        business = self.audiences.get(story.goal, "job-seeker") == "employer"
        for text in texts:
            for topic, hits in topics(text.text, text.tokens).items():
                if topic in listed:
                    continue
                hits = [(text, s, w) for s, w in hits if not business or
                        not about_a_group(text.text, s, sentence_at(text.text, s, s + len(w)), first)]
                if hits:
                    mentioned.setdefault(topic, []).extend(hits)
        for topic, hits in mentioned.items():
            text, start, _ = hits[0]
            words = ", ".join(dict.fromkeys(f"'{w}'" for _, _, w in hits[:4]))
            self._emit(report, story.path, text.line_of(start), "sensitive-unlisted",
                       f"the story mentions {words}, which touches on {topic.replace('-', ' ')}, but "
                       f"'sensitive:' does not list '{topic}'. If the storyteller chose to share it, add "
                       f"'sensitive: [{topic}]' and, once they have reviewed how it is told, "
                       "'sensitive_reviewed:' under consent; if not, tell that part without it, "
                       "about what they did and reached", excused)
        for text in texts:
            for start, words in placeholders(mask(text.text, _COMMENT)):
                self._emit(report, story.path, text.line_of(start), "placeholder-text",
                           f"'{words}' in the {text.field} is placeholder text left from a template "
                           "or a draft; replace it with the storyteller's own story, or remove it",
                           excused, certain=story.status == "published")

    def _own_voice(self, story: Story, tokens: set[str] | None = None) -> bool:
        """An employer's story, or one told in the first person: "we" and "our" are the teller's.

        ``tokens``: the body's lowercase words, when known (see :func:`storyteller_masked`).
        """
        if self.audiences.get(story.goal, "job-seeker") == "employer":
            return True
        if not first_person(story.body):
            return False  # masking only takes words away: no first person before, none after
        return first_person(storyteller_masked(story.body, None, tokens))

    def _headline_applies(self, story: Story) -> bool:
        """Employers' stories are about a business; the rule is for a person's headline."""
        return self.audiences.get(story.goal, "job-seeker") != "employer"

    def check_celebration(self, post: Celebration, excused: Mapping[int, frozenset[str]],
                          report: Report) -> None:
        """The same text rules for a celebration post (no storyteller to mask)."""
        line = post.lines.get
        texts = [Text("title", post.title, line("title")), Text("summary", post.summary, line("summary")),
                 Text("body", post.body, post.body_line, multiline=True)]
        texts += [Text("contribution", c.contribution, c.contribution_line) for c in post.credits]
        self.check_texts(post.path, texts, None, excused, report)


def story_texts(story: Story) -> list[Text]:
    """The fields of a story that are read by the public."""
    line = story.lines.get
    texts = [Text("title", story.title, line("title")),
             Text("summary", story.summary, line("summary")),
             Text("body", story.body, story.body_line, multiline=True)]
    if story.quote:
        texts.append(Text("quote", story.quote, line("quote"), storyteller_words=True))
    texts += [Text("contribution", c.contribution, c.contribution_line) for c in story.credits]
    if story.photo is not None and story.photo.alt:
        texts.append(Text("alt", story.photo.alt, line("photo")))
    return texts
