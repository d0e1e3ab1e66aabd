"""Names and places that identify a person: a surname, a school, a street address.

A surname is the storyteller's own: a capitalised word after their first
name, or a title and surname that is theirs ("Ms. Delgado"), not one that
the words around it give to someone else (an instructor, an employer's
manager). A school is named ("Lincoln High School"), not the word alone. A
street address starts with a number and ends with a street word ("1420 Elm
Street, Apt 3"), or is a post-office box or a Spanish "Calle …, 12"; whether
it is a person's or an office's is told by :mod:`wsstories.privacy`.

Also here: :class:`Finding`, what every private-detail rule reports, and
:func:`sentence_at`, the sentence around a detail.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

_STREET = (r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
           r"terrace|ter|circle|cir|highway|hwy|parkway|pkwy|loop|square|sq")
_ADDRESS = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?\s+(?:[NSEW]\.?\s+|(?:north|south|east|west)\s+)?"
    rf"(?-i:(?:[A-Z0-9][\w'-]*\s+){{1,3}})(?:{_STREET})\b\.?"
    rf"(?:[,\s]+(?:apt|apartment|unit|suite|#)\.?\s*\w+)?"
    rf"|\bp\.?\s?o\.?\s+box\s+\d+|\bapartado\s+(?:de\s+correos\s+)?\d+"
    rf"|\b(?:calle|c/|avenida|avda\.?|paseo|plaza|camino)\s+(?:de\s+(?:la\s+|los\s+|las\s+)?)?"
    rf"(?-i:[A-ZÁÉÍÓÚÑ][\w-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w-]*){{0,3}}),?\s*(?:n[º°o]\.?\s*)?\d{{1,4}}\b"
    rf"(?:,?\s*\d{{1,2}}\s*[º°]?\s*[A-Z]?\b)?", re.IGNORECASE)
_PERSON_ADDRESS = re.compile(r"\b(?:lives?|living|lived|moved|home|house|apartment|apt|resides?|rents?|"
                             r"her|his|their|my|him|vive|viv[íi]a|domicilio|casa|piso|mud[óo])\b", re.IGNORECASE)
_ORG_ADDRESS = re.compile(r"\b(?:center|centre|office|located|campus|building|hall|headquarters|"
                          r"suite|opened|opens|visit|offices|clinic|college|library|site|location|"
                          r"event|held|hosted|chamber|fair|forms?|lobby|submitted|published|"
                          r"oficina|centro|sede|ubicad[oa]|situad[oa]|instalaciones)\b", re.IGNORECASE)
_STREET_WORDS = frozenset(_STREET.split("|"))
_PLACE_WORDS = frozenset({"calle", "avenida", "avda", "paseo", "plaza", "camino", "box", "apartado"})
# The mark comes first and the abbreviations are looked behind it: a pattern that starts with
# ten look-behinds tries them all at every character of the text.
_SENTENCE_END = re.compile(r"[.!?](?<!\bNo.)(?<!\bRm.)(?<!\bSt.)(?<!\bDr.)(?<!\bMr.)(?<!\bMs.)(?<!\bMrs.)"
                           r"(?<!\bSra.)(?<!\bInc.)(?<!\bAve.)[\"”’)]*(?=\s+[A-ZÁÉÍÓÚÑ¿¡\"“(])|\n[ \t]*\n")

@dataclass(frozen=True, slots=True)
class Finding:
    """One private detail: where, which rule, what to tell the author, and whether it is certain."""

    start: int
    end: int
    rule: str
    message: str
    certain: bool = True



def _last_end(text: str, begin: int, stop: int) -> int | None:
    """Where the last sentence end before ``stop`` ends, looking back from ``begin`` only.

    None when no full stop, question or exclamation mark ends a sentence there;
    otherwise the same as a search from further back: nothing overlaps such a
    mark's match, so every search that reaches it finds it, and goes on alike.
    """
    last, marked = None, False
    for match in _SENTENCE_END.finditer(text, begin, stop):
        last, marked = match.end(), marked or text[match.start()] != "\n"
    return last if marked else None


@functools.lru_cache(maxsize=16)  # a detail's sentence: read for its context, then its message
def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around ``text[start:end]`` (within one paragraph).

    A sentence ends at a full stop, question or exclamation mark followed by a
    capital, or at a blank line; "No. 1353" and "Inc., 222" do not end one.
    """
    # Both sides look at most 400 characters away, so that text with no sentence
    # end (hostile, or one long line) costs the same for every detail found in it.
    left = _last_end(text, max(0, start - 120), start)
    if left is None:
        left = max(0, start - 400)
        for match in _SENTENCE_END.finditer(text, max(0, start - 400), start):
            left = match.end()
    limit = min(len(text), end + 400)
    match = _SENTENCE_END.search(text, end, limit)
    right = match.end() if match else limit
    return left, right


#: Letters that match an ASCII letter when case is ignored, but that no word list holds.
_FOLDS_TO_ASCII = ("\u017f", "\u0131", "\u0130")  # long s, dotless i, capital I with dot


def _word_starts(lower: str, word: str) -> list[int]:
    """Where ``word`` starts a word of ``lower`` (it may go on: the search may end inside it)."""
    out = []
    i = lower.find(word)
    while i >= 0:
        if not _wordy(lower, i - 1):
            out.append(i)
        i = lower.find(word, i + 1)
    return out


def _street_addresses(text: str, runs: list[tuple[int, int]], tokens: set[str]):
    """What ``_ADDRESS.finditer(text, rs, rs + 80)`` finds for each run of at most six digits.

    Without a Spanish place word or a post-office box, only a number can start an
    address, and a number starts where a run of digits starts: so the pattern is
    matched at those places only, in order, as the search would try them.
    """
    lower = text.lower()
    if any(char in text for char in _FOLDS_TO_ASCII) or len(lower) != len(text):
        for rs, re_ in runs:  # "Paſeo" is a place word to the pattern: search as it does
            if re_ - rs <= 6:
                yield from _ADDRESS.finditer(text, rs, min(len(text), rs + 80))
        return
    starts = [rs for rs, _ in runs]
    streets = sorted(i for word in _STREET_WORDS.intersection(tokens)
                     for i in _word_starts(lower, word))
    for index, (rs, re_) in enumerate(runs):
        if re_ - rs > 6:
            continue
        limit, after = min(len(text), rs + 80), rs
        if bisect.bisect_left(streets, limit) == bisect.bisect_right(streets, rs) and \
                not _wordy(text, limit):
            continue  # no street word after the number (nor a word the window cuts): no address
        for start in starts[index:bisect.bisect_left(starts, min(len(text), rs + 80))]:
            if start < after:
                continue
            m = _ADDRESS.match(text, start, limit)
            if m:
                yield m
                after = m.end()


def schools(text: str) -> list[tuple[int, str]]:
    """Named schools (``Lincoln High School``), not the word 'school' alone."""
    found = []
    for match in _SCHOOL.finditer(text):
        words = match.group(0).split()
        if any(w[0].isupper() and w.lower() not in _GENERIC_SCHOOL_WORDS for w in words[:-1]) \
                or words[-1] in ("Academy",):
            found.append((match.start(), " ".join(words)))
    return found


def surnames(text: str, name: str, partner_words: frozenset[str] = frozenset(),
             full: str | None = None) -> list[Finding]:
    """The storyteller's surname, when they agreed to a first name only.

    A capitalised word after ``name`` (their first name), or a title and a
    surname ("Ms. Delgado") that is theirs: the surname given in ``full``
    (the front matter's name) when it has one, or else a title and surname
    that no word around it gives to someone else ("her instructor, Mr.
    Lindqvist"; a sentence that names the storyteller too).
    """
    found = _honorifics(text, name, full) if name else []
    if not name or name not in text:
        return found
    title_case = None  # counted only for a text where a surname is found
    for start, words_after, words_start in _after_name(text, name):
        following = words_after.split()
        if not following:
            continue
        surname, certain = None, True
        for word in following:
            bare = re.sub(r"['’]s?$", "", word.rstrip("."))
            key = bare.lower()
            if key in _COMMON or key in partner_words or key in _ORG_NOUNS:
                break
            if key in _GIVEN:
                continue
            if len(bare) == 1:  # an initial: "Maria D."
                surname, certain = word, False
                break
            surname = word.rstrip(".")
            break
        if surname is None:
            continue
        if title_case is None:
            words = re.findall(r"\b[A-ZÁÉÍÓÚÑ][\w'’-]*", text)
            title_case = len(words) >= 3 and len(words) > 0.6 * len(re.findall(r"\b\w+", text))
        if title_case:
            certain = False
        end = words_start + words_after.index(surname) + len(surname)
        shown = text[start:end]
        s, e = sentence_at(text, start, end)
        sentence = " ".join(text[s:e].split())
        rewrite = " ".join(sentence.replace(shown, name).split())
        verb = "looks like" if certain else "may be"
        found.append(Finding(start, end, "pii-surname",
                             f"'{shown}' {verb} {name}'s surname, but the storyteller agreed to be "
                             f"named by first name only (storyteller.naming). Write \"{rewrite}\"",
                             certain))
    return found


def _honorifics(text: str, name: str, full: str | None = None) -> list[Finding]:
    found = []
    given = full.split() if full else []
    surnames = set(given[1:]) if given[:1] == [name] else set()
    for m in _HONORIFIC.finditer(text):
        s, e = sentence_at(text, m.start(), m.end())
        if surnames:  # the storyteller's surname is known: only it is theirs
            if m.group("surname") not in surnames:
                continue
            certain, verb = True, "is"
        elif _someone_else(text, s, m.start(), m.end(), e, name):
            continue
        else:
            certain, verb = False, "may be"
        sentence = " ".join(text[s:e].split())
        write = "Write" if certain else f"If it is {name}, write"
        found.append(Finding(m.start(), m.end(), "pii-surname",
                             f"'{m.group(0)}' {verb} {name}'s surname, but the storyteller agreed to "
                             f"be named by first name only. {write} \"" +
                             " ".join(sentence.replace(m.group(0), name).split()) + "\"", certain))
    return found


def _someone_else(text: str, s: int, start: int, end: int, e: int, name: str) -> bool:
    """Whether the words around a title and surname give it to another person than the storyteller:
    a role just before or after it ("her instructor, Mr. Lindqvist", "Ms. Reyes, the owner"),
    or the storyteller named in the same sentence."""
    return bool(_ROLE_BEFORE.search(text, max(s, start - 40), start)
                or _ROLE_AFTER.match(text, end, min(e, end + 40))
                or _has_word(text[s:start] + " " + text[end:e], name))


_AFTER_NAME = re.compile(r"\s+((?:[A-ZÁÉÍÓÚÑ][\w'’-]*\.?(?:\s+|(?=[,;:)]))){0,3})")


def _boundary(text: str, i: int) -> bool:
    """Whether ``\\b`` matches before ``text[i]``."""
    return _wordy(text, i - 1) != _wordy(text, i)


def _wordy(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _has_word(text: str, name: str) -> bool:
    """``re.search(rf"\\b{re.escape(name)}\\b", text)``, with no pattern compiled for the name."""
    i = text.find(name)
    while i >= 0:
        if _boundary(text, i) and _boundary(text, i + len(name)):
            return True
        i = text.find(name, i + 1)
    return False


def _after_name(text: str, name: str):
    """``(start, group 1, its start)`` of each match of ``\\bNAME\\s+((?:Capitalised words){0,3})``,
    as ``re.finditer`` finds them, with no pattern compiled for each storyteller's name."""
    i = text.find(name)
    while i >= 0:
        m = _AFTER_NAME.match(text, i + len(name)) if _boundary(text, i) else None
        if m:
            yield i, m.group(1), m.start(1)
            i = text.find(name, m.end())
        else:
            i = text.find(name, i + 1)


#: ``\b(?:Mr|Mrs|Ms|Mx|Miss|Sr|Sra|Srta)\.?\s+(?P<surname>…)``, written to start with a capital
#: and look behind it for the word boundary: searched at C speed, not tried at every character.
_HONORIFIC = re.compile(r"(?:M(?<!\wM)(?:r|rs|s|x|iss)|S(?<!\wS)(?:r|ra|rta))\.?\s+"
                        r"(?P<surname>[A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+)")
#: People a story names beside the storyteller: teachers, employers, colleagues, helpers.
_ROLES = (r"instructors?|teachers?|professors?|tutors?|coach(?:es)?|mentors?|managers?|supervisors?|"
          r"boss(?:es)?|directors?|principals?|counsel+ors?|advis[eo]rs?|navigators?|trainers?|owners?|"
          r"employers?|foreman|forewoman|chefs?|doctors?|nurses?|coordinators?|specialists?|recruiters?|"
          r"deans?|president|pastor|officers?|landlord|landlady|neighbou?rs?|colleagues?|co-?workers?|"
          r"partners?|husband|wife|son|daughter|mother|father|"
          r"instructor(?:a|es|as)?|profesor(?:a|es|as)?|maestr[oa]s?|tutor(?:a|es|as)?|entrenador(?:a|es|as)?|"
          r"mentor(?:a|es|as)?|gerentes?|supervisor(?:a|es|as)?|jef[ea]s?|director(?:a|es|as)?|"
          r"coordinador(?:a|es|as)?|orientador(?:a|es|as)?|consejer[oa]s?|due[ñn][oa]s?|"
          r"empleador(?:a|es|as)?|compa[ñn]er[oa]s?|doctor(?:a|es|as)?|enfermer[oa]s?|vecin[oa]s?|"
          r"espos[oa]|hij[oa]|madre|padre")
_ROLE_BEFORE = re.compile(rf"(?i:\b(?:{_ROLES}))\W{{0,3}}(?:(?:el|la|los|las|del|de)\s+)?$")
_ROLE_AFTER = re.compile(rf",\s+(?:(?:her|his|their|my|our|the|a|an|su|sus|mi|el|la|un|una)\s+)"
                         rf"(?:[\w'’-]+\s+){{0,2}}?(?i:(?:{_ROLES}))\b")
_COMMON = frozenset("""
the a an and but or so then when after before now today she he they it in on at for with from to of
as if while since because also still yet this that these those her his their our we i you your says
said told asked adds added explains recalls is was were has had will would can could did does do
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december y que la el los las un una con en de del por para pero
cuando después ahora hoy ella él dice dijo cuenta contó es fue está estaba tiene tenía ya también
se su sus al lo le mi no sí nunca siempre earned started found got took joined finished completed
works worked learned began went came walked says sees knows wants needs loves likes hopes plans
""".split())
_ORG_NOUNS = frozenset("""
college university center centre services service bakery foundation program programme agency
department office inc llc corp company school academy institute union hall council board
worksource goodwill library clinic hospital church ministries coalition partners partnership
""".split())
_GIVEN = frozenset("""
ann anne anna marie mae may lynn lee jo jean jane rose grace louise elizabeth james john paul
michael david joseph lou beth sue kay ray
maría maria josé jose luisa luis lucía lucia isabel elena carmen teresa fernanda guadalupe antonio
ángel angel juan carlos miguel eduardo alejandro alejandra gabriela sofía sofia inés ines pilar
""".split())

_SCHOOL = re.compile(r"\b(?:(?:[A-Z][\w'.-]*|of|the)\s+){1,5}(?:High\s+School|Middle\s+School|"
                     r"Junior\s+High|Elementary(?:\s+School)?|Academy|Preparatory|Prep|"
                     r"School|Secondary\s+School|Charter\s+School)\b")
_GENERIC_SCHOOL_WORDS = {"her", "his", "their", "my", "the", "a", "high", "middle", "of",
                         "graduated", "finished", "left", "after", "before"}
