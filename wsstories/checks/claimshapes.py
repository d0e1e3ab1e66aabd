"""The shapes of an ownership claim (possession, agent, credit, success) in word roles.

They are features of a sentence (:func:`features`) that the model weighs;
:func:`quick_score` bounds that weight cheaply. :mod:`.claims` uses them.
"""

from __future__ import annotations

import operator
from itertools import compress, repeat

from . import storymodel
from .claimcredit import _CREDIT_TARGET, _OUTCOME_ROLES, _WIN_TARGET, _WITH, credit, with_aid
from .structure import _PIECES, Tok, Tokens

_ACTOR = frozenset({"ORG", "WE", "ORGN"})
_OBJECT = frozenset({"PRO", "NAME", "PEOPLE"})
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
_RESULT_WORDS = frozenset({"made", "hizo", "hicieron", "make", "makes", "making"})
_FIRST_PERSON = frozenset({"i", "my", "me", "yo", "mi", "mí", "i'm", "i’m", "i've", "i’ve"})
_OWN_ROLES = frozenset({"WE", "OUR", "ITS"})
#: Without a shape, a sentence is a claim only if it names an actor or a credit.
_TRIGGERS = frozenset({"WE", "OUR", "ITS", "ORG", "ORGN", "CREDIT"})
STRUCTURAL = ("poss", "agent", "help", "pass", "credit", "without", "possible", "win", "life",
               "figure")
KIND = {"poss": "possession", "agent": "agent", "help": "agent", "pass": "agent",
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


CUES = _Cues()


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
    if not _WITH.isdisjoint(lows) and not _OUTCOME_ROLES.isdisjoint(roles):
        live.update(("HELP", "AID"))
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
    elif role == "HELP" or role == "AID":
        if role == "HELP":
            _helped(roles, lows, i, add)
        with_aid(roles, lows, i, add)
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
        credit(roles, lows, i, add)
    if low in _WIN:
        for j in range(i + 1, min(n, i + 5)):
            if lows[j] in _SUCCESS_FOR and any(r in _WIN_TARGET
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
