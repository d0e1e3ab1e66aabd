"""Whose voice: the storyteller's own words, masked before claims are looked for.

It is the storyteller's story, on their terms: what they say, quoted or
reported ("'The library gave me somewhere to study,' she says"; "Rosa says
the mock interviews made her ready") is never a partner's claim. A quotation
is the storyteller's unless it is attributed to someone else: a staff
member's words ("'We placed him in two weeks,' said the program manager";
"said Hector Smith, director") are a partner speaking, and are read like the
author's. Offsets and line breaks are kept, so findings still point at the
right line.
"""

from __future__ import annotations

import bisect
import functools
import re

_SAY = (r"(?:says|said|say|explains|explained|recalls|recalled|adds|added|remembers|remembered|"
        r"tells|told|laughs|laughed|jokes|joked|notes|noted|admits|admitted|reflects|reflected|"
        r"insists|insisted|believes|believed|thinks|thought|feels|felt|shares|shared|puts\s+it|"
        r"writes|wrote|continues|continued|dice|dijo|cuenta|contó|explica|explicó|afirma|afirmó|"
        r"asegura|aseguró|señala|señaló|comenta|comentó|relata|relató|recuerda|recordó|añade|añadió)")
_PRONOUN = r"(?:she|he|they|ella|él|ellos|ellas|the\s+storyteller)"
# An opening mark is never inside its own quotation: each match stops at the next opening
# mark, so a run of unclosed ones costs linear time, not quadratic.
QUOTED = re.compile(r"“[^“”]*”|\"[^\"\n]*(?:\n[^\"\n]+){0,4}\"|«[^«»]*»")
_BLOCKQUOTE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CODE = re.compile(r"`[^`\n]*`")
_LINK_TARGET = re.compile(r"\]\([^)\]\n]*\)")
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"”’)]*|$)", re.DOTALL)
# What follows a quotation and says who spoke: ', said the program manager', ' Griffin said'.
_AFTER = re.compile(rf"[\s,]{{0,3}}(?:{_SAY}\s+(?P<who1>[^.!?\n]{{1,60}})|"
                    rf"(?P<who2>[^\s.!?,\n][^.!?,\n]{{0,50}}?)\s+(?:\w+\s+)?{_SAY}\b)", re.IGNORECASE)
# What comes before and says who speaks: 'Griffin said: "…"'.
_BEFORE = re.compile(rf"(?P<who>[\w’'.-]+(?:\s+[\w’'.-]+){{0,5}}?)\s+{_SAY}\s*[:,]?\s*$", re.IGNORECASE)
_STAFF = re.compile(r"\b(?:manager|director|coordinator|instructor|counsel+or|coach|staff|"
                    r"officials?|president|ceo|dean|chair|teacher|specialist|navigator|supervisor|"
                    r"commissioner|secretary|officer|founder|head|leader|executive|administrator|"
                    r"representative|spokesperson|spokeswoman|spokesman|consultant|advisor|adviser|"
                    r"gerente|directora?|coordinadora?|responsable|presidenta?|fundadora?|"
                    r"técnica?|orientadora?|jefa?|portavoz)\b", re.IGNORECASE)


def mask(text: str, pattern: re.Pattern) -> str:
    """``text`` with every match of ``pattern`` blanked out, keeping offsets and lines."""
    if pattern is _COMMENT:  # nothing after the last '-->' can be a comment: never search there,
        end = text.rfind("-->") + 3  # or each unclosed '<!--' would scan to the end of the text
        return (pattern.sub(_blank, text[:end]) + text[end:]) if end >= 3 else text
    return pattern.sub(_blank, text)


def _blank(match: re.Match) -> str:
    return _blank_text(match.group(0))


def _blank_text(chunk: str) -> str:
    """``chunk`` with every character but a line break a space."""
    if "\n" not in chunk:
        return " " * len(chunk)
    return "\n".join([" " * len(line) for line in chunk.split("\n")])


def speaker_is_storyteller(who: str, name: str | None) -> bool:
    """Whether the words that name a speaker name the storyteller (or leave it open)."""
    who = who.strip(" ,")
    if _STAFF.search(who):
        return False
    if re.match(rf"{_PRONOUN}\b", who, re.IGNORECASE):
        return True
    if name and re.match(rf"{re.escape(name)}\b", who, re.IGNORECASE):
        return True
    return not re.match(r"[A-ZÀ-ÖØ-Þ]", who)  # another person's name: not the storyteller


@functools.lru_cache(maxsize=4)
def _speakers(text: str) -> tuple[tuple[int, int, str | None, bool], ...]:
    """Each quotation of ``text``: where it is, who says it (the words that name the speaker,
    or None) and whether the speaker is a partner's staff or the words hold no first person.
    Kept for the last few texts: a story's body is read so for its storyteller and again for
    the first-person test."""
    found = []
    for m in QUOTED.finditer(text):
        after = _AFTER.match(text, m.end(), min(len(text), m.end() + 90))
        before = _before(text, m.start()) if after is None else None
        who = (after.group("who1") or after.group("who2")) if after else (
            before.group("who") if before else None)
        other = who is not None and bool(_STAFF.search(who) or not _FIRST_PERSON.search(m.group(0)))
        found.append((m.start(), m.end(), who, other))
    return tuple(found)


def _quotations(text: str, name: str | None) -> str:
    """``text`` with the storyteller's quotations blanked; others' quotations kept."""
    out, last = [], 0
    for start, end, who, other in _speakers(text):
        if other and not speaker_is_storyteller(who, name):
            continue  # a partner speaking; a customer's own "I" stays theirs
        out.append(text[last:start])
        out.append(_blank_text(text[start:end]))
        last = end
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _before(text: str, start: int) -> re.Match | None:
    """``_BEFORE`` in the 70 characters before ``start``, searched only when they end in a verb of
    saying (the pattern can match nowhere else, and searching tries every position)."""
    window = text[max(0, start - 70):start].rstrip()
    if window[-1:] in (":", ","):
        window = window[:-1].rstrip()
    last = window.rsplit(None, 1)[-1:] or [""]
    if last[0].lower() not in _SAY_LAST:
        return None
    return _BEFORE.search(text, max(0, start - 70), start)


@functools.lru_cache(maxsize=256)
def _speech(name: str | None) -> re.Pattern:
    """Words that report what the storyteller says: 'Rosa says', 'according to her'."""
    subjects = r"she|he|they|the\s+storyteller|ella|él"
    if name:
        subjects += "|" + re.escape(name)
    return re.compile(rf"\b(?:{subjects})\s+(?:\w+\s+)?{_SAY}\b|\baccording\s+to\s+"
                      rf"(?:her|him|them{'|' + re.escape(name) if name else ''})\b"
                      rf"|,\s*(?:{subjects})\s+{_SAY}\b|\bsegún\s+(?:ella|él"
                      rf"{'|' + re.escape(name) if name else ''})\b", re.IGNORECASE)


#: What follows the storyteller's name in 'Rosa says', 'Rosa later explained'; what comes
#: before it in 'according to Rosa', 'según Rosa'.
_NAME_SAYS = re.compile(rf"\s+(?:\w+\s+)?{_SAY}\b", re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording\s+to\s+|\bsegún\s+", re.IGNORECASE)
_WORD_START = re.compile(r"\w")


@functools.lru_cache(maxsize=256)
def _named(name: str) -> tuple[re.Pattern, re.Pattern]:
    """Where ``name`` starts a word, and ``name`` as a whole word: two small patterns, quick
    to make for each storyteller (the verbs of saying stay in patterns made once)."""
    escaped = re.escape(name)
    return re.compile(rf"\b(?={escaped})", re.IGNORECASE), re.compile(rf"{escaped}\b", re.IGNORECASE)


def _reports(sentence: str, name: str | None) -> bool:
    """Whether ``sentence`` reports the storyteller's words: ``_speech(name).search``.

    For a name that starts with a letter or a digit, 'Rosa, she says' and 'Rosa says' are
    one shape (after a comma a name starts a word), so the name's part needs no pattern
    with every verb of saying in it.
    """
    if _speech(None).search(sentence):
        return True
    if not name:
        return False
    if not _WORD_START.match(name):
        return bool(_speech(name).search(sentence))
    starts, whole = _named(name)
    size = len(name)  # a name matches as many characters, in any case
    if any(_NAME_SAYS.match(sentence, m.start() + size) for m in starts.finditer(sentence)):
        return True
    return any(whole.match(sentence, m.end()) for m in _ACCORDING.finditer(sentence))


_MASKS = ((_COMMENT, ("<!--",)), (_CODE, ("`",)), (_LINK_TARGET, ("](",)),
          (_BLOCKQUOTE, (">",)))
_SAY_WORDS = frozenset(re.findall(r"[a-zéóáí]+", _SAY)) | {"according", "según"}
#: What to look for to find a verb of saying, and the words (as ``[a-z]+``) each one holds.
_SAY_SEARCH = tuple(sorted({w.split("\\")[0] for w in _SAY[3:-1].split("|")} | {"according", "según"}))
_SAY_PIECES = {word: frozenset(re.findall(r"[a-z]+", word)) for word in _SAY_SEARCH}
_SAY_LAST = _SAY_WORDS - {"puts"} | {"it"}  # the last word of a verb of saying ('puts it')



def storyteller_masked(text: str, name: str | None, tokens: set[str] | None = None) -> str:
    """``text`` with the storyteller's own words blanked out.

    ``tokens`` (the text's lowercase words), when given, lets a text with no
    word of reported speech skip that pass.
    """
    for pattern, marks in _MASKS:
        if any(mark in text for mark in marks):  # most texts need few of the passes
            text = mask(text, pattern)
    if '"' in text or "“" in text or "«" in text:
        text = _quotations(text, name)
    if tokens is not None and _SAY_WORDS.isdisjoint(tokens):
        return text
    return _speech_masked(text, name, tokens)


def _speech_masked(text: str, name: str | None, tokens: set[str] | None) -> str:
    """``text`` with each sentence that reports the storyteller's words blanked.

    Only the sentences that hold a verb of saying are searched: every match holds one.
    """
    low = text.lower()
    sentences = list(_SENTENCE.finditer(text))
    if len(low) != len(text):  # lowercase letters of another length: search every sentence
        hits = range(len(sentences))
    else:
        starts = [m.start() for m in sentences]
        found = set()
        for word in _SAY_SEARCH:
            if tokens is not None and not _SAY_PIECES[word] <= tokens:
                continue
            index = low.find(word)
            while index >= 0:
                found.add(bisect.bisect_right(starts, index) - 1)
                index = low.find(word, index + 1)
        hits = sorted(found)
    out, last = [], 0
    for index in hits:
        sentence = sentences[index]
        if index >= 0 and _reports(sentence.group(0), name):
            out.append(text[last:sentence.start()])
            out.append(_blank_text(sentence.group(0)))
            last = sentence.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _sentence_start(text: str, position: int, floor: int) -> int:
    """Where the sentence (a match of ``_SENTENCE``) that holds ``position`` starts.

    ``floor`` is where a sentence starts, at or before ``position``. A run of . ! ? ends the
    sentence before it, with the closing marks after it; a run that no sentence precedes is
    skipped, and its closing marks start the next sentence.
    """
    index = position - 1
    while index >= floor and text[index] not in ".!?":
        index -= 1
    if index < floor:
        return floor
    run = index
    while run > floor and text[run - 1] in ".!?":
        run -= 1
    if run == floor:  # no sentence before the run: it is skipped
        return index + 1
    end = index + 1
    while end < position and text[end] in '"”’)':
        end += 1
    return end


#: 'I', 'my', 'me', 'yo', 'mi', 'mis' as whole words ('I'm' is its 'I'), the first letter first
#: and the word's start looked behind it: a pattern that starts with a letter is searched for
#: at C speed, one that starts with \b is tried at every character.
_FIRST_PERSON = re.compile(r"[Imy](?<!\w[Imy])(?:(?<=I)|(?<=m)(?:is|y|e|i)|(?<=y)o)\b")


def first_person(narration: str) -> bool:
    """Whether the author's words (quotations masked) tell the story in the first person."""
    return len(_FIRST_PERSON.findall(narration)) >= 2
