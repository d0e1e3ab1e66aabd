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
import operator
import re
from dataclasses import dataclass
from itertools import compress, repeat
from typing import Iterable

from . import storymodel
from .structure import _PIECES, PLACEHOLDER, Tok, Tokens
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


# --- the shapes of a claim -------------------------------------------------------------

_ACTOR = frozenset({"ORG", "WE", "ORGN"})
_OBJECT = frozenset({"PRO", "NAME", "PEOPLE"})
_CREDIT_TARGET = frozenset({"ORG", "ORGN", "WE", "OUR", "AID", "HELP", "ITS"})
_LIFE = frozenset({"life", "lives", "vida", "vidas", "future", "futuro", "futures", "world",
                   "realidades", "around"})
_LIFE_VERBS = frozenset({"changed", "changes", "change", "changing", "transformed", "transforms",
                         "transform", "transforming", "saved", "saves", "turned", "turns",
                         "cambió", "cambia", "cambian", "cambiado", "cambiar", "transformó",
                         "transforma", "transforman", "transformado", "transformar", "salvó",
                         "impacted", "touched", "launched"})
_PLACE_VERBS = frozenset({"placed", "placing", "places", "colocado", "colocados", "colocada",
                          "colocadas", "insertado", "insertados", "insertada", "insertadas",
                          "ubicados", "ubicadas", "ubicado", "ubicada", "transformed",
                          "transformados", "transformadas", "changed", "integrados"})
_WIN = frozenset({"success", "successes", "win", "wins", "victory", "triumph", "éxito", "éxitos",
                  "logro", "logros", "proud", "proudly", "orgullo", "orgullosos", "orgullosas",
                  "testament", "proof", "prueba", "ejemplo", "example", "record", "impact",
                  "goal", "goals", "showcase", "celebrate", "celebrates", "congratulations",
                  "felicidades", "enhorabuena"})
_CREDIT_CAUSE = frozenset({"thanks", "gracias", "because", "due", "merced", "credit"})
_SUCCESS = frozenset({"success", "successes", "win", "wins", "victory", "triumph", "éxito",
                      "éxitos", "logro", "logros"})
#: Shapes that are a claim whatever the words around them (the guide's textbook cases).
CLEAR = frozenset({"poss:our-name", "poss:our-one", "possible:org", "poss:one-of-our", "pass:placed", "pass:by-org", "credit:outcome",
                   "without:modal", "agent:org-help-outcome", "agent:orgn-help-outcome",
                   "agent:we-help-outcome", "life:by-actor", "win:success-for-org",
                   "agent:verb:placed", "agent:verb:placing", "pass:colocados", "pass:colocadas",
                   "pass:colocada", "pass:colocado", "pass:insertados", "pass:insertadas",
                   "agent:verb:got", "agent:verb:gets", "agent:verb:secured", "agent:verb:put",
                   "agent:verb:puts", "agent:verb:landed", "agent:verb:transformed",
                   "agent:verb:changed", "agent:verb:logramos", "agent:verb:colocamos",
                   "credit:credit", "poss:poss"})
#: Of those, the ones that are a clear claim whatever the model makes of the rest.
ALWAYS = frozenset({"credit:credit", "poss:one-of-our", "pass:by-org", "without:modal", "possible:org"})
_THE = frozenset({"the", "el", "la"})  # 'the success of the program' is the program's own
_VERB = frozenset({"PASS", "CAUSE"})  # 'is responsible for', 'made it possible'
_SUBJECT = frozenset({"PRO", "NAME", "PEOPLE", "I"})
_RELATIVE = frozenset({"which", "who", "where", "que", "donde", "cual", "quien", "quienes"})
_SUCCESS_FOR = frozenset({"for", "of", "para", "de", "del", "to"})
_WIN_TARGET = _CREDIT_TARGET - {"AID", "HELP"}
_WITHOUT = frozenset({"without", "sin"})
_RESULT_WORDS = frozenset({"made", "hizo", "hicieron", "make", "makes", "making"})
_FIRST_PERSON = frozenset({"i", "my", "me", "yo", "mi", "mí", "i'm", "i’m", "i've", "i’ve"})
_OWN_ROLES = frozenset({"WE", "OUR", "ITS"})
#: Without a shape, a sentence is a claim only if it names an actor or a credit.
_TRIGGERS = frozenset({"WE", "OUR", "ITS", "ORG", "ORGN", "CREDIT"})
_STRUCTURAL = ("poss", "agent", "help", "pass", "credit", "without", "possible", "win", "life",
               "figure")
_KIND = {"poss": "possession", "agent": "agent", "help": "agent", "pass": "agent",
         "credit": "credit", "without": "credit", "possible": "credit", "win": "success",
         "life": "agent", "figure": "agent"}


def _actor_subject(raw: list[str], lows: list[str], i: int) -> bool:
    """Whether the actor at ``i`` is a subject: not the object of a preposition (``raw``: the
    tokens' roles, as the tokenizer gave them)."""
    j = i - 1
    while j >= 0 and raw[j] in ("DET", "ORG", "ORGN", "OUR", "ITS", "w") and i - j < 4:
        if raw[j] == "w" and lows[j] in (",", ";", ":"):
            break
        j -= 1
    return j < 0 or raw[j] != "PREP" or lows[j] in ("y", "and")


def _raw(toks) -> tuple[list[str], list[str]]:
    """The roles and the words of a sentence's tokens (read at once from :class:`Tokens`)."""
    if isinstance(toks, Tokens):
        return toks.roles, toks.lows
    return [t.role for t in toks], [t.low for t in toks]


def _roles(toks, own_voice: bool) -> tuple[list[str], list[str], bool]:
    """The roles the features read, the words, and whether the author writes as 'I'.

    ``own_voice``: the storyteller tells the story in the first person (an
    employer's "we", a customer's "our"), so "we" and "our" are theirs.
    """
    roles, lows = _raw(toks)
    first_person = False
    if own_voice:
        if _OWN_ROLES.intersection(roles):
            roles = ["w" if r in _OWN_ROLES else r for r in roles]
    elif _FIRST_PERSON.intersection(lows):
        first_person = True
        roles = ["w" if r == "OUR" else r for r in roles]
    return roles, lows, first_person


def features(toks: list[Tok], own_voice: bool = False) -> dict[str, tuple[int, int]]:
    """The structural and lexical features of one sentence, each with the tokens it spans.

    ``own_voice``: the storyteller tells the story in the first person (an
    employer's "we", a customer's "our"), so "we" and "our" are theirs.
    """
    found: dict[str, tuple[int, int]] = {}
    add = found.setdefault
    raw = _raw(toks)[0]
    roles, lows, first_person = _roles(toks, own_voice)
    if first_person:
        add("voice:first-person", (0, 0))
    n = len(roles)
    for i, (role, low) in enumerate(zip(roles, lows)):
        add("u:" + low, (i, i + 1))
        if i + 1 < n and role != "w" and roles[i + 1] != "w":
            add(f"r:{role}_{roles[i + 1]}", (i, i + 2))
        _structure(raw, roles, lows, i, add)
    return found


#: Roles without which a sentence has no shape and names no one who could claim it.
_CUE_ROLES = _TRIGGERS | {"HELP"}


class _Cues(dict):
    """Per piece of text between spaces: whether one of its tokens can make a sentence a
    claim at all. Every shape and every trigger needs one: an actor, "we", "our", "its", a
    word of credit or help (their roles), a placing or life-changing verb, a figure, or a
    partner's or organisation's name (a placeholder, a capitalised head word or acronym)."""

    def __missing__(self, piece: str) -> bool:
        if len(self) > 50_000:
            self.clear()
        self[piece] = found = any(
            w.role in _CUE_ROLES or w.low in _PLACE_VERBS or w.low in _LIFE_VERBS or
            w.low[0].isdigit() or w.placeholder or (w.counts and w.org)
            for w in _PIECES[piece].infos)
        return found


_CUES = _Cues()


class _Figures(dict):
    """Whether a word is a figure ('12', '3,000'), per word."""

    def __missing__(self, low: str) -> bool:
        if len(self) > 50_000:
            self.clear()
        self[low] = found = low[0].isdigit()
        return found


_FIGURES = _Figures()
_PEOPLE_OF = frozenset({"of", "de", "del", "from"})
_NO_WORDS: frozenset[str] = frozenset()


def _live(roles: set[str], lows: set[str]) -> tuple[set[str], frozenset[str], bool]:
    """Where in a sentence with these roles and words a shape can start (see
    :func:`_structure`): the roles, the words, and whether figures. Each shape needs more
    than the word it starts at; a start whose shape cannot be complete is not tried."""
    live = set()
    if "PEOPLE" in roles or not _WIN.isdisjoint(lows):
        live.update(("OUR", "ITS", "POSS"))
    if not _PEOPLE_OF.isdisjoint(lows) and ("ORG" in roles or "OUR" in roles or "ORGN" in roles):
        live.add("PEOPLE")
    if "CAUSE" in roles or "HELP" in roles or "POSSIBLE" in roles:
        live.update(_ACTOR)
    if "OUT" in roles and ("ACT" in roles or "CAUSE" in roles):
        live.add("HELP")
    if not _PLACE_VERBS.isdisjoint(lows):
        live.add("PASS")
    if not _CREDIT_TARGET.isdisjoint(roles):
        live.add("CREDIT")
    live.intersection_update(roles)
    words = _NO_WORDS
    if not _SUCCESS_FOR.isdisjoint(lows) and not _WIN_TARGET.isdisjoint(roles):
        words = _WIN
    if not _LIFE.isdisjoint(lows):
        words = words | _LIFE_VERBS
    return live, words, "PEOPLE" in roles or "OUT" in roles


def quick_score(model: storymodel.Model, toks: list[Tok], own_voice: bool = False
                ) -> tuple[float, bool, bool]:
    """The model's score of a sentence (as ``model.score(features(toks))``, but for the order
    of the sum), whether a shape of :data:`CLEAR` is in it, and whether the sentence can be a
    claim at all: it has a shape, or (told by an author other than the storyteller) it names an
    organisation, "we" or a word of credit. The word features are summed from their weights
    directly, and the shapes are looked for only where a word can start one."""
    raw, lows = _raw(toks)
    lowset = set(lows)
    roles, first_person = raw, False  # as _roles reads them
    if own_voice:
        if not _OWN_ROLES.isdisjoint(raw):
            roles = ["w" if r in _OWN_ROLES else r for r in raw]
    elif not _FIRST_PERSON.isdisjoint(lowset):
        first_person = True
        roles = ["w" if r == "OUR" else r for r in raw]
    roleset = set(roles)
    shapes: dict[str, tuple[int, int]] = {}
    add = shapes.setdefault
    live_roles, live_words, figures = _live(roleset, lowset)
    if live_roles or live_words or figures:
        flags = map(live_roles.__contains__, roles)
        if live_words:
            flags = map(operator.or_, flags, map(live_words.__contains__, lows))
        if figures:
            flags = map(operator.or_, flags, map(_FIGURES.__getitem__, lows))
        for i in compress(range(len(roles)), flags):
            _structure(raw, roles, lows, i, add)
    if not shapes and (own_voice or _TRIGGERS.isdisjoint(roleset)):
        return model.bias, False, False
    words, pairs = model.lexical
    score = model.bias + sum(map(words.get, lowset, repeat(0.0)))
    score += sum(map(pairs.get, set(zip(roles, roles[1:])), repeat(0.0)))
    if first_person:
        score += model.weight("voice:first-person")
    if shapes:
        score += sum(map(model.weights.get, shapes, repeat(0.0)))
    return score, not CLEAR.isdisjoint(shapes), True


def _structure(raw: list[str], roles: list[str], lows: list[str], i: int, add) -> None:
    """The shapes of a claim that start at token ``i`` (``raw``: the roles as the tokenizer
    gave them, ``roles`` as the features read them)."""
    n = len(roles)
    role, low = roles[i], lows[i]
    if role in ("OUR", "ITS", "POSS"):
        for j in range(i + 1, min(n, i + 5)):
            if roles[j] == "PEOPLE" or (lows[j] in _WIN and role != "ITS"):
                kind = "poss:" + role.lower()
                if role == "OUR" and i >= 2 and lows[i - 1] in ("of", "de") and \
                        roles[i - 2] in ("ONE", "NUM", "w"):
                    kind = "poss:one-of-our"
                if role == "POSS" and (i == 0 or roles[i - 1] not in ("ORG", "ORGN")):
                    break
                add(kind, (i - 1 if role == "POSS" else i, j + 1))
                if kind == "poss:our":  # one person, or people named: 'our trainee', 'our client Dana'
                    if "NAME" in roles[j + 1:j + 4]:
                        add("poss:our-name", (i, j + 1 + roles[j + 1:j + 4].index("NAME") + 1))
                    elif (lows[j] in _SUCCESS or roles[j] == "PEOPLE" and _singular(lows[j])) \
                            and all(r == "ONE" for r in roles[i + 1:j]):  # not 'our primary customer'
                        add("poss:our-one", (i, j + 1))
                break
            if roles[j] not in ("w", "ONE", "ORG", "ORGN", "OUT", "NAME") or lows[j] in ",;:()":
                break
    elif role == "PEOPLE" and i + 2 < n and lows[i + 1] in ("of", "de", "del", "from") and \
            (roles[i + 2] in ("ORG", "OUR") or
             (roles[i + 2] == "DET" and i + 3 < n and roles[i + 3] in ("ORG", "ORGN"))):
        add("poss:people-of-org", (i, min(n, i + 4)))
    elif role in _ACTOR and _actor_subject(raw, lows, i):
        _agent(roles, lows, i, add)
    elif role == "HELP":
        _helped(roles, lows, i, add)
    elif role == "PASS":
        for j in range(i + 1, min(n, i + 3)):
            if lows[j] in _PLACE_VERBS:
                by = next((k for k in range(j + 1, min(n, j + 6)) if lows[k] in ("by", "por")
                           and k + 1 < n and any(r in _ACTOR for r in roles[k + 1:k + 4])), None)
                add("pass:by-org" if by is not None else "pass:" + lows[j],
                    (i, (by + 3) if by is not None else j + 1))
                break
            if roles[j] not in ("w",):
                break
    elif role == "CREDIT":
        _credit(roles, lows, i, add)
    if low in _WIN:
        for j in range(i + 1, min(n, i + 5)):
            if lows[j] in _SUCCESS_FOR and any(r in _CREDIT_TARGET - {"AID", "HELP"}
                                               for r in roles[j + 1:j + 3]):
                kind = "win:success-for-org" if low in _SUCCESS and (
                    i == 0 or lows[i - 1] not in _THE) else "win:for-org"
                add(kind, (max(0, i - 1), min(n, j + 3)))
                break
    if low in _LIFE_VERBS:
        for j in range(i + 1, min(n, i + 4)):
            if lows[j] in _LIFE:
                actor = any(r in _ACTOR for r in roles[max(0, i - 5):i])
                add("life:by-actor" if actor else "life:changed", (i, j + 1))
                break
    if role == "NUM" or (low[0].isdigit() and i + 1 < n):
        if i + 1 < n and roles[i + 1] in ("PEOPLE", "OUT") or (
                i + 2 < n and roles[i + 2] == "PEOPLE"):
            add("figure:people", (i, i + 2))


def _agent(roles, lows, i, add) -> None:
    """An organisation as subject: the verb it governs, and what that verb reaches."""
    n = len(roles)
    kind = roles[i].lower()
    for j in range(i + 1, min(n, i + 6)):
        role = roles[j]
        if lows[j] in _RESULT_WORDS and "POSSIBLE" in roles[j:j + 8]:
            _possible(roles, i, j + roles[j:j + 8].index("POSSIBLE"), add)
            return
        if role in _SUBJECT:
            return  # another subject: 'the school where she landed her first job'
        if role == "CAUSE":
            reach = next((k for k in range(j + 1, min(n, j + 7))
                          if roles[k] in _OBJECT or roles[k] in ("OUT", "NUM") or
                          lows[k][0].isdigit()), None)
            if reach is not None:
                add(f"agent:{kind}-cause-reach", (i, reach + 1))
                add("agent:verb:" + lows[j], (i, reach + 1))
            else:
                add(f"agent:{kind}-cause", (i, j + 1))
            return
        if role == "HELP":
            if _helped(roles, lows, j, add):
                add(f"agent:{kind}-help-outcome", (i, j + 1))
            return
        if role in ("GIVE", "SAY", "PREP", "AND") or lows[j] in (",", ";", ":"):
            return
        if role == "POSSIBLE" and not _VERB.intersection(roles[i + 1:j]):
            return  # 'these programs possible': no verb makes the organisation the cause
        if role == "POSSIBLE" or lows[j] in _RESULT_WORDS:
            for k in range(j, min(n, j + 8)):
                if roles[k] == "POSSIBLE":
                    _possible(roles, i, k, add)
                    return


def _possible(roles, i, k, add) -> None:
    """'X made it possible', 'X is responsible for her job': unless what was made possible is a
    programme or a service ('partners who make these programs possible')."""
    add("possible:org-service" if "ORGN" in roles[i + 1:k] else "possible:org", (i, k + 1))


_PLURAL = frozenset({"people", "youth", "alumni", "cohort", "class", "men", "women", "personal",
                     "gente", "juventud"})


def _singular(low: str) -> bool:
    """Whether a word for people names one person: 'trainee', not 'trainees' or 'youth'."""
    return not low.endswith("s") and low not in _PLURAL


def _helped(roles, lows, i, add) -> bool:
    """'helped her find a job': help whose object reaches the outcome itself."""
    n = len(roles)
    for j in range(i + 1, min(n, i + 9)):
        if roles[j] in ("ACT", "CAUSE"):
            for k in range(j + 1, min(n, j + 5)):
                if roles[k] == "OUT":
                    add("help:outcome", (i, k + 1))
                    return True
            return False
        if roles[j] in ("GIVE", "SAY") or lows[j] in (",", ";", ":") or lows[j] in _RELATIVE:
            return False  # 'helps them learn skills which can get them a job': not their act
    return False


#: Credit words after which the person's act, in any wording, is the organisation's doing.
_THANKS = frozenset({"thanks", "gracias"})


def _person_acts_after(roles, lows, start: int) -> bool:
    """'…, Rosa opened', '…, she earned': the organisation's name ends, then a person acts."""
    for k in range(start, min(len(roles), start + 8)):
        if lows[k] == ",":
            nxt = k + 1
            return nxt + 1 < len(roles) and roles[nxt] in ("NAME", "PRO", "PEOPLE") and \
                lows[nxt + 1] not in (",", ";", ":", ".")
        if lows[k] in (";", ":", "."):
            return False
    return False


def _credit(roles, lows, i, add) -> None:
    """'thanks to X', 'because of the program', 'without X … would', 'gracias a'."""
    n = len(roles)
    low = lows[i]
    for j in range(i + 1, min(n, i + 6)):
        if roles[j] in _CREDIT_TARGET:
            if low in _WITHOUT:
                for k in range(j + 1, min(n, j + 16)):
                    if roles[k] == "MODAL" or lows[k] in ("would", "could", "habría", "hubiera",
                                                         "podría", "wouldn’t", "wouldn't"):
                        add("without:modal", (i, k + 1))
                        return
                return
            end = j + 1  # the organization's words: 'our program', 'Harbor College'
            while end < min(n, j + 6) and roles[end] in ("ORG", "ORGN", "AID"):
                end += 1
            add("credit:" + low, (i, end))
            if low in _THANKS and _person_acts_after(roles, lows, j + 1):
                add("credit:outcome", (i, end))  # 'thanks to X, Rosa opened a bakery'
                return
            if low in _CREDIT_CAUSE and any(r in ("OUT", "ACT", "CAUSE") for r in roles[j + 1:j + 30]) and not (
                    low == "debido" and j < n and lows[i + 1] in ("a", "que")
                    and lows[min(n - 1, i + 2)] == "que"):
                add("credit:outcome", (i, j + 1))
            return
        if roles[j] not in ("PREP", "DET", "w", "ONE") or lows[j] in (",", ";"):
            return


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
        cues = _CUES.__getitem__
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
            structural = [(model.weight(f), f) for f in feats if f.split(":")[0] in _STRUCTURAL]
            structural = [item for item in structural if item[0] > 0]
            if structural:
                _, best = max(structural)
                first, last = feats[best]
                kind = _KIND[best.split(":")[0]]
            else:
                first, last = _strongest(model, feats, toks)
                kind = "agent"
            if clear:
                best = max(clear, key=model.weight)
                first, last = feats[best]
                kind = _KIND[best.split(":")[0]]
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
