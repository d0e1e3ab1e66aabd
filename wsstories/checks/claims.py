"""Ownership claims: text that makes a partner the owner or the cause of a success.

The partnership celebrates each success from the customer's perspective, and
no partner claims it. A claim is read from the structure of a sentence (see
:mod:`wsstories.structure`): who acts, what the verb does, and whose the
outcome is. Four shapes of claim are told apart:

- **possession**: people as a partner's ("our client Dana", "one of our
  graduates", "Harbor College's latest success", "nuestros participantes");
- **agent**: an organisation that places, gets, lands, transforms … the
  person or their outcome ("we placed Marcus", "she was placed", "the
  program changed her life", "helped her get hired", "logramos insertar");
- **credit**: the outcome explained by the organisation ("thanks to",
  "because of the program", "without X she would not", "gracias a");
- **success**: the outcome as the organisation's win ("another success for
  X", "otro éxito de").

Each shape is a feature of a small logistic model (:mod:`wsstories.storymodel`)
fitted on a labelled corpus of real sentences, together with the sentence's
words. A sentence the model is sure of and whose structure is one of the
shapes above is a clear claim (``ownership-claim``, an error); a sentence it
is less sure of is a possible claim (``ownership-possible``, a warning). The
storyteller's own words are masked before (:mod:`wsstories.voice`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

from . import storymodel
from .claimshapes import ALWAYS, CLEAR, CUES, KIND, STRUCTURAL, features, quick_score
from .structure import PLACEHOLDER, Tokens
from .structure import sentences as split_sentences

_ORG_WORDS = {"council", "office", "foundation", "fund", "center", "centre", "college", "network",
              "partnership", "alliance", "services", "union", "board", "clinic", "agency",
              "institute", "association", "trust", "coalition", "department", "division"}


def name_variants(name: str) -> set[str]:
    """A partner's name and the short forms a writer uses for it.

    'Harbor County Workforce Development Council' is also 'Workforce
    Development Council'; 'Sound Futures Foundation' is also 'Sound Futures';
    'United Care Workers Local 77' is also 'Local 77'.
    """
    words = name.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    found = {" ".join(words)} if words else set()
    for start in range(1, len(words) - 1):  # tails that end in an organisation word
        if words[-1].lower() in _ORG_WORDS:
            found.add(" ".join(words[start:]))
    if len(words) > 2 and words[-1].lower() in _ORG_WORDS:
        found.add(" ".join(words[:-1]))  # 'Sound Futures'
    if len(words) == 2 and words[-1].lower() in _ORG_WORDS and re.match(r"[A-Z][a-z]+[A-Z]", words[0]):
        found.add(words[0])  # 'YouthWorks' for 'YouthWorks Alliance'
    for index, word in enumerate(words[1:-1], start=1):  # 'Division of Vocational Rehabilitation'
        if word.lower() in _ORG_WORDS and words[index + 1].lower() == "of":
            found.add(" ".join(words[index:]))
    local = re.search(r"\bLocal\s+\d+\b", name)
    if local:
        found.add(local.group(0))
    return {v for v in found if len(v) > 3}


@functools.lru_cache(maxsize=4096)
def _partner_pattern(variants: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in variants)
                      + r")\b", re.IGNORECASE)


_MARGIN = 1e-9


# --- the finder -----------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Claim:
    start: int
    end: int
    kind: str  # possession | agent | credit | success
    certain: bool = True
    sentence: tuple[int, int] = (0, 0)
    score: float = 0.0


class ClaimFinder:
    """Finds ownership claims in text; knows every partner of the site by name."""

    def __init__(self, partner_names: Iterable[str] = (), model: storymodel.Model | None = None):
        self._variants = sorted(((v, frozenset(re.findall(r"[a-z]+", v.lower())))
                                 for name in partner_names for v in name_variants(name)),
                                key=lambda item: -len(item[0]))
        self.model = model or storymodel.load("claim")

    def placeholders(self, text: str, tokens_: set[str] | None = None) -> str:
        """``text`` with each partner's name stood in for by a placeholder of the same length."""
        if tokens_ is None:
            tokens_ = set(re.findall(r"[a-z]+", text.lower()))
        named = tuple(v for v, words in self._variants if words <= tokens_)
        if not named:
            return text
        return _partner_pattern(named).sub(lambda m: PLACEHOLDER * len(m.group(0)), text)

    def sentences(self, text: str, tokens_: set[str] | None = None):
        """``(begin, end, tokens)`` of each sentence of ``text``, partners' names known."""
        yield from split_sentences(self.placeholders(text, tokens_))

    def sentence_features(self, text: str, tokens_: set[str] | None = None,
                          own_voice: bool = False):
        """``(begin, end, tokens, features)`` of each sentence of ``text``."""
        for begin, end, toks in self.sentences(text, tokens_):
            yield begin, end, toks, features(toks, own_voice)

    def find(self, text: str, tokens_: set[str] | None = None, own_voice: bool = False,
             sentences=None) -> list[Claim]:
        """Every claim in ``text``, one per sentence at most, in order.

        ``sentences``: :meth:`sentences` of ``text``, when already read.
        """
        found = []
        model = self.model
        if sentences is None:
            sentences = self.sentences(text, tokens_)
        cues = CUES.__getitem__
        for begin, end, toks in sentences:
            if isinstance(toks, Tokens) and not any(map(cues, toks.words)):
                continue  # no shape and nothing to claim with (see _Cues)
            score, clear, possible = quick_score(model, toks, own_voice)
            if not possible or score < model.warn - _MARGIN and not clear:
                continue  # (the margin: the quick score sums in another order)
            feats = features(toks, own_voice)
            score = model.score(feats)
            clear = CLEAR.intersection(feats)
            if score < model.warn and not clear:
                continue
            structural = [(model.weight(f), f) for f in feats if f.split(":")[0] in STRUCTURAL]
            structural = [item for item in structural if item[0] > 0]
            if structural:
                _, best = max(structural)
                first, last = feats[best]
                kind = KIND[best.split(":")[0]]
            else:
                first, last = _strongest(model, feats, toks)
                kind = "agent"
            if clear:
                best = max(clear, key=model.weight)
                first, last = feats[best]
                kind = KIND[best.split(":")[0]]
            certain = bool(clear) and (score >= model.warn or not ALWAYS.isdisjoint(clear))
            first, last = min(first, len(toks) - 1), min(max(last, first + 1), len(toks))
            found.append(Claim(toks[first].start, toks[last - 1].end, kind, certain,
                               (begin, end), score))
        return found


def _strongest(model, feats, toks) -> tuple[int, int]:
    """The span of the word features that weigh most toward a claim."""
    best = max(feats, key=model.weight)
    first, last = feats[best]
    return (first, last) if last > first else (0, len(toks))


# --- what to write instead --------------------------------------------------------------

_WHY = {
    "possession": ("presents the person as belonging to a partner; name the person instead",
                   "presenta a la persona como si perteneciera a una entidad; nómbrela a ella"),
    "agent": ("makes an organization the one who achieved this; make the person the subject, "
              "and say what the partner offered",
              "presenta a una entidad como autora del logro; haga de la persona el sujeto y diga "
              "qué ofreció la entidad"),
    "credit": ("credits an organization with the person's success; say what the partner offered "
               "and what the person did",
               "atribuye el logro de la persona a una entidad; diga qué ofreció la entidad y qué "
               "hizo la persona"),
    "success": ("counts the person's success as an organization's; it is the person's own",
                "cuenta el logro de la persona como un éxito de la entidad; el logro es suyo"),
}
_REWRITES_EN = [
    (re.compile(r"\b[Oo]ne of (?:our|its|their) (?:[\w-]+ ){0,3}?(\w+?)s\b"), r"a \1"),
    (re.compile(r"\b(?:[Oo]ur|[Ii]ts|[Tt]heir) ((?:[\w-]+ ){0,2}?)(clients?|participants?|graduates?|"
                r"grads?|trainees?|students?|customers?|apprentices?|interns?|candidates?|"
                r"members?|alumni|residents?|welders|people|youth)\b(?: ([A-Z]\w+))?"),
     lambda m: m.group(3) or f"the {m.group(1)}{m.group(2)}"),
    (re.compile(r"\b(?:was|were|been|being|is|are|got|get)\s+(?:successfully\s+)?placed\s+"
                r"(?:in|into|at|with)\s+(?:a\s+)?(?:jobs?|employment|work)\b(?:\s+by\s+[^,.]+)?"),
     "found work"),
    (re.compile(r"\b(?:was|were|been|being|is|are|got|get)\s+(?:successfully\s+)?placed\s+"
                r"(in|into|at|with)\b"), r"started work \1"),
    (re.compile(r"\b(?:help(?:ed|s)?|assisted)\s+(her|him|them|[A-Z]\w+)\s+(?:to\s+)?"
                r"(find|get|land|secure|obtain|gain)\b"),
     lambda m: {"her": "she", "him": "he", "them": "they"}.get(m.group(1), m.group(1)) + " " +
     {"find": "found", "get": "got", "land": "landed", "secure": "secured", "obtain": "obtained",
      "gain": "gained"}[m.group(2)]),
    (re.compile(r"^(?:[Tt]hanks|[Dd]ue)(?: in (?:large )?part)? to ([^,]+), (.+)$"),
     lambda m: f"{m.group(2)[:1].upper()}{m.group(2)[1:]} ({m.group(1)} offered [what it gave])"),
    (re.compile(r"^[Bb]ecause of ([^,]+), (.+)$"),
     lambda m: f"{m.group(2)[:1].upper()}{m.group(2)[1:]} ({m.group(1)} offered [what it gave])"),
    (re.compile(r"\bwas able to (\w+)"), r"\1ed"),
]
_REWRITES_ES = [
    (re.compile(r"\b[Nn]uestr[oa]s? ((?:[\w-]+ ){0,2}?)(participantes?|usuari[oa]s?|alumn[oa]s?|"
                r"beneficiari[oa]s?|egresad[oa]s?|estudiantes?|jóvenes)\b"),
     lambda m: ("los " if m.group(2).endswith("s") else "") + m.group(1) + m.group(2)),
    (re.compile(r"\b(?:fue|fueron|han sido|ha sido)\s+(?:colocad|insertad|ubicad)[oa]s?\s+en\b"),
     "empezó a trabajar en"),
    (re.compile(r"^[Gg]racias a ([^,]+), (.+)$"),
     lambda m: f"{m.group(2)[:1].upper()}{m.group(2)[1:]} ({m.group(1)} ofreció [lo que aportó])"),
]


def rewrite(sentence: str, spanish: bool = False) -> str | None:
    """The sentence rewritten with the person as the one who acts, when its shape allows."""
    new = sentence
    for pattern, replacement in (_REWRITES_ES if spanish else _REWRITES_EN):
        new = pattern.sub(replacement, new)
    return new if new != sentence else None


def message(claim: Claim, text: str, spanish: bool = False, name: str | None = None) -> str:
    """What the finding says: the words found, why, and a rewrite of that sentence."""
    found = " ".join(text[claim.start:claim.end].split())
    sentence = " ".join(text[claim.sentence[0]:claim.sentence[1]].split()).strip()
    why = _WHY[claim.kind][1 if spanish else 0]
    better = rewrite(sentence.rstrip("."), spanish)
    if better is None:
        who = name or ("la persona" if spanish else "the person")
        better = (f"{who} consiguió [el logro]; la entidad ofreció [lo que aportó]" if spanish else
                  f"{who} [reached the outcome]; the partner offered [what it gave]")
        better = better[:1].upper() + better[1:]
    hedge = "" if claim.certain else (" (posiblemente)" if spanish else " (possibly)")
    example = "p. ej." if spanish else "e.g."
    return f"'{found}' {why}{hedge}, {example} '{_short(better)}'"


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
