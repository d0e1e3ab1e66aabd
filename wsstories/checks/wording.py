"""Saviour and deficit language, and acronyms: words that diminish or exclude.

Two checks, in English and Spanish:

- ``dignity-language``: a label that defines a person by a deficit ("at-risk
  youth", "ex-offenders", "wheelchair-bound", "los ex reclusos", "personas
  vulnerables") or casts them as rescued ("rescued", "gave her a second
  chance at life", "turned his life around"), in any inflection and with any
  noun after it. Each comes with a respectful alternative.
- ``dignity-framing``: a sentence whose framing a small model fitted on real
  pages reads as deficit or saviour framing ("was struggling to find
  direction and hope", "who lack basic skills"), without one of the labels.

Both read the author's words only; the storyteller's own words are theirs.
"""

from __future__ import annotations

import re
from itertools import repeat

from . import storymodel
from .labels import EXACT, GIVE, PEOPLE_WORDS, POSSESSIVE, PREFIX
from .structure import _PIECES, Tok, Tokens
from .structure import sentences as split_sentences


class _Heads(dict):
    """Whether a word can start a label, remembered per word (and forgotten past 50,000)."""

    def __missing__(self, low: str) -> bool:
        if len(self) > 50_000:
            self.clear()
        self[low] = found = low in EXACT or low[:4] in PREFIX
        return found


_HEADS = _Heads()


#: Words of labels that are common in prose in their other senses.
_COMMON = frozenset("con cons youth back second from de the to on at in a of out off".split())


def _key(words: tuple[str, ...]) -> str:
    """The word of a label that is rarest in prose: the longest whole word that is not common
    ('risk' of 'at risk', 'chance' of 'second chance'), or else the longest prefix ('suffer*'
    of 'suffer* from'). A sentence without it holds no such label."""
    whole = [w for w in words if w[0] != "@" and w[-1] != "*" and w not in _COMMON]
    return max(whole or [w for w in words if w[0] != "@"], key=lambda w: len(w.rstrip("*")))


_KEYS = [_key(words) for table in (EXACT, PREFIX) for entries in table.values()
         for words, _ in entries]
_KEY_WORDS = frozenset(k for k in _KEYS if not k.endswith("*"))
_KEY_PREFIXES = tuple(sorted({k[:-1] for k in _KEYS if k.endswith("*")}))


class _Cues(dict):
    """Whether a word is the key word of some label (see :func:`_key`), per word."""

    def __missing__(self, low: str) -> bool:
        if len(self) > 50_000:
            self.clear()
        self[low] = found = low in _KEY_WORDS or low.startswith(_KEY_PREFIXES)
        return found


_CUES = _Cues()


def _lows(toks) -> list[str]:
    return toks.lows if isinstance(toks, Tokens) else [t.low for t in toks]


def _word_matches(pattern: str, low: str, role: str) -> bool:
    if pattern == "@P":
        return low in PEOPLE_WORDS or role == "PEOPLE"
    if pattern == "@R":
        return low in POSSESSIVE or role in ("PRO", "OUR", "ITS")
    if pattern.endswith("*"):
        return low.startswith(pattern[:-1])
    return low == pattern


def _roles_of(toks) -> list[str]:
    return toks.roles if isinstance(toks, Tokens) else [t.role for t in toks]


def labels(toks: list[Tok]) -> list[tuple[int, int, str]]:
    """``(first, last, alternative)`` token spans of each deficit label in ``toks``."""
    found = []
    lows = _lows(toks)
    if not any(map(_CUES.__getitem__, lows)):
        return found
    roles = _roles_of(toks)
    n = len(lows)
    i = 0
    heads = _HEADS
    while i < n:
        low = lows[i]
        if not heads[low]:
            i += 1
            continue
        candidates = EXACT.get(low, []) + [e for e in PREFIX.get(low[:4], ())
                                            if low.startswith(e[0][0][:-1])]
        best = None
        for words, alternative in candidates:
            if i + len(words) <= n and all(_word_matches(w, lows[i + k], roles[i + k])
                                           for k, w in enumerate(words[1:], start=1)):
                if best is None or len(words) > best[1] - best[0]:
                    best = (i, i + len(words), alternative)
        if best and _label_applies(lows, roles, best):
            found.append(best)
            i = best[1]
        else:
            i += 1
    return found


def _label_applies(lows: list[str], roles: list[str], span: tuple[int, int, str]) -> bool:
    """Leave out the senses that label no one: 'at risk of losing', 'in need of repair'."""
    first, last, _ = span
    if all(r == "ORG" for r in roles[first:last]):
        return False  # part of a name: 'Homeless Veterans' Reintegration Program'
    words = lows[first:last]
    if words in (["second", "chance"], ["segunda", "oportunidad"]):
        return any(w in GIVE for w in lows[max(0, first - 5):first])
    after = lows[last] if last < len(lows) else ""
    if words == ["at", "risk"] or words == ["en", "riesgo"]:
        return after not in ("of", "assessment", "assessments", "factors", "level")
    if words == ["in", "need"]:
        return after != "of" and first > 0 and (roles[first - 1] == "PEOPLE" or
                                                lows[first - 1] in PEOPLE_WORDS)
    if words == ["broken"]:
        return after in ("body", "bodies", "soul", "souls", "people", "person", "man", "men",
                         "women", "woman", "family", "families", "spirit", "lives", "life")
    if words == ["troubled"]:
        return after in PEOPLE_WORDS or roles[last] == "PEOPLE" if last < len(lows) else False
    if words == ["rescue"]:
        return after in ("her", "him", "them", "people", "youth")
    if words[0] == "vulnerable" or words[0].startswith("vulnerab"):
        return True
    return True


def features(toks: list[Tok], found: list[tuple[int, int, str]]) -> dict[str, tuple[int, int]]:
    """The features of one sentence for the framing model: its words and labels."""
    feats: dict[str, tuple[int, int]] = {}
    add = feats.setdefault
    lows = _lows(toks)
    for first, last, _ in found:
        add("label:" + " ".join(lows[first:last]), (first, last))
        add("label", (first, last))
    for i, low in enumerate(lows):
        add("u:" + low, (i, i + 1))
    return feats


class _Bounds(dict):
    """Per piece of text between spaces: the most its tokens can add to a sentence's framing
    score (their weights above zero), or infinity when one is a label's key word.

    A sentence's pieces' bounds together are at least what its distinct words add, so a
    sentence whose bound stays under the threshold has no finding."""

    def __init__(self, model: storymodel.Model):
        super().__init__()
        self.words = model.lexical[0]

    def __missing__(self, piece: str) -> float:
        if len(self) > 50_000:
            self.clear()
        lows = set(_PIECES[piece].lows)
        if any(map(_CUES.__getitem__, lows)):
            bound = float("inf")
        else:
            bound = sum(w for w in map(self.words.get, lows, repeat(0.0)) if w > 0)
        self[piece] = bound
        return bound


class DignityFinder:
    """Deficit labels and saviour framing, sentence by sentence."""

    def __init__(self, model: storymodel.Model | None = None):
        self.model = model or storymodel.load("saviour")

    @property
    def model(self) -> storymodel.Model:
        return self._model

    @model.setter
    def model(self, model: storymodel.Model) -> None:
        self._model, self._bounds = model, _Bounds(model)  # the bounds are the model's

    def find(self, text: str, sentences=None) -> list[tuple[int, str, str]]:
        """``(offset, rule, message)`` for each label, and each sentence framed as a deficit.

        ``sentences`` (``(begin, end, tokens)`` of each sentence of ``text``), when
        already known, saves reading the text again.
        """
        out = []
        if sentences is None:
            sentences = split_sentences(text)
        bounds, least = self._bounds.__getitem__, self.model.warn - 1e-9 - self.model.bias
        for begin, end, toks in sentences:
            if isinstance(toks, Tokens) and sum(map(bounds, set(toks.words))) < least:
                continue  # (see :meth:`sentence`)
            out += self.sentence(text, begin, end, toks)
        return out

    def sentence(self, text, begin, end, toks) -> list[tuple[int, str, str]]:
        """The findings of one sentence, ``text[begin:end]`` with its tokens ``toks``."""
        if isinstance(toks, Tokens) and self.model.bias + sum(
                map(self._bounds.__getitem__, set(toks.words))) < self.model.warn - 1e-9:
            return []  # neither a label's key word nor words that can weigh enough
        found = labels(toks)
        if not found:  # the score of the words alone (as the model's, but for the order of the sum)
            words = self.model.lexical[0]
            if self.model.bias + sum(map(words.get, set(_lows(toks)), repeat(0.0))) < \
                    self.model.warn - 1e-9:
                return []
        sentence = " ".join(text[begin:end].split())
        if found:
            out = []
            for first, last, alternative in found:
                start, stop = toks[first].start, toks[last - 1].end
                phrase = " ".join(text[start:stop].split())
                out.append((start, "dignity-language", _message(phrase, alternative,
                                                                sentence, text, begin, start, stop)))
            return out
        feats = features(toks, found)
        if self.model.score(feats) < self.model.warn:
            return []
        first, last = _strongest(self.model, feats, toks)
        start, stop = toks[first].start, toks[last - 1].end
        phrase = " ".join(text[start:stop].split())
        spanish = _spanish(toks)
        why = ("'{p}' puede definir a la persona por lo que le faltaba o presentarla como rescatada; "
               "cuente lo que la persona hizo y logró, p. ej. '{s}'") if spanish else (
              "'{p}' may define the person by what they lacked, or cast them as rescued; tell what "
              "they did and reached, e.g. '{s}'")
        return [(start, "dignity-framing", why.format(p=phrase, s=_framing_rewrite(sentence, phrase,
                                                                                   spanish)))]



_SPANISH_WORDS = frozenset("el la los las de que y en un una para con por del se su sus es".split())


def _spanish(toks: list[Tok]) -> bool:
    lows = [t.low for t in toks]
    return sum(1 for w in lows if w in _SPANISH_WORDS) > sum(
        1 for w in lows if w in ("the", "and", "of", "to", "in", "a", "is", "for", "with"))


def _message(phrase, alternative, sentence, text, begin, start, stop) -> str:
    before = _words(text, begin, start)
    line_end = text.find("\n", stop)
    after = _words(text, stop, line_end if line_end >= 0 else len(text))
    suggestion = " ".join(alternative.split(",")[0].split(" or ")[0].split())
    rewrite = (before + " " if before else "") + suggestion + (" " + after if after else "")
    rewrite = rewrite[:1].upper() + rewrite[1:]
    return (f"'{phrase}' can diminish the person; consider: {alternative} — e.g. '{_short(rewrite)}'")


def _words(text: str, begin: int, end: int, enough: int = 200) -> str:
    """The words of ``text[begin:end]`` joined by single spaces, or their first ``enough``
    characters or more: a rewrite shows no more, and a long text is not read again per label."""
    size = enough
    while True:
        words = " ".join(text[begin:min(end, begin + size)].split())
        if begin + size >= end or len(words) > enough:
            return words
        size *= 4


def _framing_rewrite(sentence: str, phrase: str, spanish: bool) -> str:
    name = "María" if spanish else "Maria"
    if spanish:
        return f"{name} buscaba un rumbo nuevo y se inscribió en el curso"
    return f"{name} was looking for a new direction and signed up for the course"


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def _strongest(model, feats, toks) -> tuple[int, int]:
    best = max(feats, key=model.weight)
    first, last = feats[best]
    return (first, last) if last > first else (0, len(toks))


def dignity_problems(text: str, tokens_: set[str] | None = None,
                     finder: DignityFinder | None = None) -> list[tuple[int, str, str]]:
    """``(offset, rule, message)`` for each saviour or deficit phrase in ``text``."""
    return sorted((finder or _default()).find(text))


_DEFAULT: list[DignityFinder] = []


def _default() -> DignityFinder:
    if not _DEFAULT:
        _DEFAULT.append(DignityFinder())
    return _DEFAULT[0]


ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,7}s?\b")
#: Short forms that every reader knows, and Roman numerals.
KNOWN_ACRONYMS = frozenset({
    "US", "USA", "U.S", "TV", "OK", "ID", "AM", "PM", "II", "III", "IV", "VI", "VII", "VIII",
    "IX", "XI", "XII", "PDF", "FAQ", "GED", "CEO", "DIY", "ASAP",
})


def expanded_acronyms(text: str) -> set[str]:
    """Acronyms written with their expansion: 'Full Name (FN)' or 'FN (Full Name)'."""
    explained = set(re.findall(r"\(\s*([A-Z][A-Z0-9&]{1,7})s?\s*\)", text))
    explained |= set(re.findall(r"\b([A-Z][A-Z0-9&]{1,7})s?\s*\(\s*[A-Za-z]", text))
    return explained
