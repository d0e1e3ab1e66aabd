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
from .structure import _PIECES, Tok, Tokens
from .structure import sentences as split_sentences

# words (a word, a prefix with '*', '@P' for a noun for people), alternative
_LABELS = """
at risk|young people facing barriers, or name what they face
high risk youth|young people facing barriers
ex offender*|a person returning from prison, or a person with a conviction
ex con|a person returning from prison, or a person with a conviction
ex cons|people returning from prison, or people with a conviction
ex convict*|a person returning from prison, or a person with a conviction
ex felon*|a person with a felony conviction
ex inmate*|a person returning from prison
ex prisoner*|a person returning from prison
excon*|a person returning from prison, or a person with a conviction
exoffender*|a person returning from prison, or a person with a conviction
felon|a person with a felony conviction
felons|people with a felony conviction
convicts|people with a conviction
rap sheet|a conviction record, only if the storyteller chose to share it
armed robber|a person with a conviction, only if the storyteller chose to share it
thug*|name the person
delinquent*|young people in the justice system
homeless @P|a person experiencing homelessness
the homeless|people experiencing homelessness
chronically homeless|people experiencing homelessness
off the streets|say what the person did, e.g. 'found housing'
street life|say what the person did
disadvantaged|people facing barriers, or name the barrier
underprivileged|people with low incomes, or people facing barriers
less fortunate|people with low incomes
the needy|people with low incomes
needy|people with low incomes
the poor|people with low incomes
in need|people looking for work, or name what they looked for
vulnerable|people facing barriers, or name the barrier
most vulnerable|people facing barriers, or name the barrier
economically challenged|people with low incomes
troubled|name what the person faced
unemployable|people who had not found work yet
unskilled|entry-level, or building skills
low skilled|entry-level, or building skills
hard to serve|people the system has not served well
hard to employ|people the system has not served well
hard to place|people the system has not served well
disconnected youth|young people out of school and work, or opportunity youth
disengaged youth|young people out of school and work, or opportunity youth
wheelchair bound|uses a wheelchair
confined to a wheelchair|uses a wheelchair
bound to a wheelchair|uses a wheelchair
suffer* from|has, lives with, or name the condition plainly
suffered|has, lives with, or name the condition plainly
suffering|has, lives with, or name the condition plainly
crippl*|name the condition plainly
victim*|survivor of, or experienced
afflicted|has
stricken|has
handicap*|disabled, or has a disability
the disabled|disabled people, or people with disabilities
special needs|disabled, or has a disability
mentally ill|people with mental illness, or name the condition
addict*|a person with a substance use disorder, or a person in recovery
junkie*|a person with a substance use disorder
druggie*|a person with a substance use disorder
alcoholic*|a person in recovery from alcohol use
illegal alien*|undocumented immigrant, or person without legal status
illegal immigrant*|undocumented immigrant, or person without legal status
illegals|undocumented immigrants
drop out*|left school
dropout*|left school
broken home*|describe the family without judging it
broken|describe what happened without judging it
welfare queen*|people receiving public benefits
welfare mother*|people receiving public benefits
welfare dependen*|people receiving public benefits
rescued|say what the person did, e.g. 'she left' or 'he found housing'
rescue|say what the person did
saved from|say what the person did
second chance|a new start that the person made
last resort|say what the person chose to do
turn* @R life around|say what the person did
turn* @R lives around|say what the person did
back on @R feet|say what the person did, e.g. 'found steady work'
lost cause|name the person
despite @R disabilit*|name what the person did; a disability is not an obstacle the story overcame
en riesgo|personas que enfrentan barreras, o nombre la barrera
riesgo de exclusión|personas que enfrentan barreras, o nombre la barrera
exclusión social|personas que enfrentan barreras
vulnerable*|personas que enfrentan barreras, o nombre la barrera
vulnerabilidad|personas que enfrentan barreras, o nombre la barrera
desfavorecid*|personas con bajos ingresos, o que enfrentan barreras
marginad*|personas que enfrentan barreras
ex reclus*|una persona que sale de prisión
exreclus*|una persona que sale de prisión
ex presidiari*|una persona que sale de prisión
ex convict*|una persona con antecedentes
ex adict*|una persona en recuperación
adict*|una persona con un trastorno por consumo, o en recuperación
drogadict*|una persona con un trastorno por consumo, o en recuperación
toxicóman*|una persona con un trastorno por consumo
discapacitad*|personas con discapacidad
minusválid*|personas con discapacidad
inválid*|personas con discapacidad
sufr* de|tiene, vive con, o nombre la condición
padec*|tiene, vive con, o nombre la condición
víctima*|sobreviviente, o vivió
indigente*|personas sin hogar
mendig*|personas sin hogar
necesitad*|personas con bajos ingresos
desamparad*|personas que enfrentan barreras
carenciad*|personas con bajos ingresos
desvalid*|personas que enfrentan barreras
menos afortunad*|personas con bajos ingresos
segunda oportunidad|un nuevo comienzo que la persona construyó
rescat*|diga lo que hizo la persona
ilegales|personas indocumentadas
sin papeles|personas indocumentadas
baja empleabilidad|personas que aún no han encontrado empleo
difícil empleabilidad|personas que aún no han encontrado empleo
desestructurad*|describa a la familia sin juzgarla
desintegrad*|describa a la familia sin juzgarla
vicios|diga lo que hizo la persona
colectivos vulnerables|personas que enfrentan barreras
beneficiari*|participantes, o el nombre de la persona
reinsertarse|empezar a trabajar, o diga lo que hizo la persona
"""
_PEOPLE_WORDS = frozenset("""person persons people man men woman women youth youths kid kids
individual individuals veteran veterans family families adult adults student students worker
workers job seeker seekers jobseekers mother mothers father fathers parent parents teen teens
persona personas hombre hombres mujer mujeres joven jóvenes familia familias""".split())
_GIVE = frozenset("gave give gives giving given offered offers offer dar dio da dan brindar brindó "
                  "ofrece ofreció ofrecer darle darles".split())
_POSSESSIVE = frozenset("her his their my our its su sus mi".split())


def _parse(lines: str) -> tuple[dict[str, list], list[tuple[tuple[str, ...], str]]]:
    entries = []
    for line in lines.strip().splitlines():
        words, alternative = line.split("|")
        entries.append((tuple(words.split()), alternative))
    exact: dict[str, list] = {}
    prefix: dict[str, list] = {}
    for entry in entries:
        head = entry[0][0]
        if head.endswith("*"):
            prefix.setdefault(head[:4], []).append(entry)
        else:
            exact.setdefault(head, []).append(entry)
    return exact, prefix


_EXACT, _PREFIX = _parse(_LABELS)


class _Heads(dict):
    """Whether a word can start a label, remembered per word (and forgotten past 50,000)."""

    def __missing__(self, low: str) -> bool:
        if len(self) > 50_000:
            self.clear()
        self[low] = found = low in _EXACT or low[:4] in _PREFIX
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


_KEYS = [_key(words) for table in (_EXACT, _PREFIX) for entries in table.values()
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
        return low in _PEOPLE_WORDS or role == "PEOPLE"
    if pattern == "@R":
        return low in _POSSESSIVE or role in ("PRO", "OUR", "ITS")
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
        candidates = _EXACT.get(low, []) + [e for e in _PREFIX.get(low[:4], ())
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
        return any(w in _GIVE for w in lows[max(0, first - 5):first])
    after = lows[last] if last < len(lows) else ""
    if words == ["at", "risk"] or words == ["en", "riesgo"]:
        return after not in ("of", "assessment", "assessments", "factors", "level")
    if words == ["in", "need"]:
        return after != "of" and first > 0 and (roles[first - 1] == "PEOPLE" or
                                                lows[first - 1] in _PEOPLE_WORDS)
    if words == ["broken"]:
        return after in ("body", "bodies", "soul", "souls", "people", "person", "man", "men",
                         "women", "woman", "family", "families", "spirit", "lives", "life")
    if words == ["troubled"]:
        return after in _PEOPLE_WORDS or roles[last] == "PEOPLE" if last < len(lows) else False
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
