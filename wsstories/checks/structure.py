"""The grammar the storytelling checks read: words sorted into roles, sentence by sentence.

A claim is a structure, not a phrase: an *actor* (an organisation by name,
short name or generic reference, or "we"), a *verb* that either gives a
service or causes the outcome, and an *outcome* that belongs to a person.
This module turns a sentence into tokens that carry such a role, in English
and Spanish, so that :mod:`wsstories.claims` and :mod:`wsstories.wording`
can read its structure in one pass. Unknown words keep the role ``w``.
"""

from __future__ import annotations

import itertools
import operator
import re
from typing import NamedTuple

from .lexicon import ORG_HEADS, ROLE

_TOKEN = re.compile(r"['’]s\b|[^\W\d_]+(?:['’](?!s\b)[^\W\d_]+)?|\d[\d,.]*%?|[“”\"«»,;:()]")
_UPPER_START = re.compile(r"[A-ZÀ-ÖØ-Þ]")
PLACEHOLDER = "ꙮ"


class Tok(NamedTuple):
    start: int
    end: int
    low: str
    role: str


_PRONOUNS = frozenset(("you", "we", "they", "he", "she", "it", "our", "your", "i", "me"))
_CONNECT = frozenset(("of", "de", "for", "del", "y", "and", "&"))


class _Word(NamedTuple):
    """What the tokenizer needs to know about a word, worked out once per spelling."""

    low: str
    role: str
    placeholder: bool  # a partner's name, stood in for by the placeholder
    capital: bool  # starts with a capital (and is not 'I')
    counts: bool  # starts with a capital (for telling a headline in Title Case)
    head: bool  # an organisation's head word (College, Works)
    upper: bool  # all capitals, longer than one letter
    strong: bool  # a sign of a name in Title Case: a head word, all capitals, a capital inside
    org: bool  # a sign of an organisation's name: a head word, an acronym, a capital inside
    connector: bool  # 'of', 'de', 'and' … inside a name
    alnum: bool  # starts with a letter or a digit
    closes: bool  # , ; : ( ) end a name
    kind: str  # its part in a run of capitalised words, in prose (see :data:`_RUN`)
    title_kind: str  # the same in a headline in Title Case


def _kind(placeholder: bool, alnum: bool, capital: bool, connector: bool, leads: bool,
          org: bool) -> str:
    """One letter for a word's part in a run of capitalised words.

    ``P`` a placeholder (neither in a run nor ending one), ``n`` not a word (ends a run),
    ``C``/``F`` a capitalised word (``F``: one that joins a run only after the first word of a
    sentence), ``D``/``E`` the same for a connector ('Of', 'Y'); each of those four in lower
    case when the word is no sign of an organisation's name. ``K`` a connector in lower case
    (keeps a run open), ``o`` any other word (ends a run).
    """
    if placeholder:
        return "P"
    if not alnum:
        return "n"
    if capital:
        kind = ("D" if leads else "E") if connector else ("C" if leads else "F")
        return kind if org else kind.lower()
    return "K" if connector else "o"


class _Words(dict):
    def __missing__(self, word: str) -> _Word:
        if len(self) > 50_000:  # a hostile text of unique words: forget, stay small
            self.clear()
        low = word.lower()
        placeholder = word[0] == PLACEHOLDER
        head = low in ORG_HEADS
        inner = _inner_capital(word)
        shout = low in _PRONOUNS  # 'YOU made this possible': emphasis, not an acronym
        role = "ORG" if placeholder else ROLE.get(low, "w")
        capital, upper = word[0].isupper() and low != "i", len(word) > 1 and word.isupper()
        strong = head or word.isupper() or inner
        connector, alnum = low in _CONNECT, word[0].isalnum()
        leads = role == "w" or head or upper  # joins a run as the first word of a sentence
        org = head or (len(word) >= 2 and not shout and (word.isupper() or inner))
        kind = _kind(placeholder, alnum, capital, connector, leads, org)
        info = _Word(low, role, placeholder, capital, word[0].isupper(), head, upper, strong,
                     org, connector, alnum, word in (",", ";", ":", "(", ")"), kind,
                     kind if strong or not capital or placeholder else "o")
        self[word] = info
        return info


_WORDS = _Words()
#: A run of capitalised words, read from the words' kinds (see :func:`_kind`): capitalised
#: words, with connectors in lower case and placeholders between them.
_RUN = re.compile(r"[CcFfDdEe](?:[KP]*[CcFfDdEe])*")
_CAPITALS = re.compile(r"[CcFfDdEe]")
_ORG_KINDS = re.compile(r"[CFDE]")
_FIRST_WORD = re.compile(r"[^n]")
_SPAN = re.Match.span
_LOW = operator.attrgetter("low")
_ROLE = operator.attrgetter("role")
_KIND = operator.attrgetter("kind")
_TITLE_KIND = operator.attrgetter("title_kind")
_COUNTS = operator.attrgetter("counts")
_RENAMED = frozenset(("w", "ORGN", "OUT", "PEOPLE"))  # the roles a person's name takes over


class _Piece(NamedTuple):
    """The tokens of one piece of text between spaces ('College,' 'Maria's'), read once."""

    infos: tuple[_Word, ...]
    lows: tuple[str, ...]
    roles: tuple[str, ...]
    kinds: str
    title_kinds: str
    counts: int


class _Pieces(dict):
    def __missing__(self, piece: str) -> _Piece:
        if len(self) > 50_000:  # a hostile text of unique words: forget, stay small
            self.clear()
        infos = tuple(map(_WORDS.__getitem__, _TOKEN.findall(piece)))
        self[piece] = info = _Piece(infos, tuple(map(_LOW, infos)), tuple(map(_ROLE, infos)),
                                    "".join(map(_KIND, infos)), "".join(map(_TITLE_KIND, infos)),
                                    sum(map(_COUNTS, infos)))
        return info


#: A sentence's tokens are its pieces' tokens: no token holds a space, and a token's pattern
#: looks at the character after it only to see a word end, which a space or the end also is.
_PIECES = _Pieces()
_INFOS, _LOWS, _ROLES, _KINDS, _TITLE_KINDS, _PIECE_COUNTS = map(operator.itemgetter, range(6))
_chain = itertools.chain.from_iterable


def _read(pieces: list[_Piece]) -> tuple[list[str], list[str]]:
    """The lowercase forms and the roles of a sentence's tokens (from its pieces between
    spaces), runs of capitalised words read."""
    roles = list(_chain(map(_ROLES, pieces)))
    lows = list(_chain(map(_LOWS, pieces)))
    kinds = "".join(map(_KINDS, pieces))
    if not _CAPITALS.search(kinds):
        return lows, roles
    if len(lows) > 3 and sum(map(_PIECE_COUNTS, pieces)) * 3 > len(lows) * 2:
        kinds = "".join(map(_TITLE_KINDS, pieces))  # a headline in Title Case
    first = _FIRST_WORD.search(kinds)
    if first and kinds[first.start()] in "FfEe":  # the first word joins a run only as a name
        at = first.start()
        kinds = kinds[:at] + "o" + kinds[at + 1:]
    for run in _RUN.finditer(kinds):
        start = run.start()
        core = run.group().rstrip("DdEeKP")  # a connector does not end a name
        if len(core) == 1:
            if core in "CF":
                roles[start] = "ORG"
            elif roles[start] in _RENAMED:
                roles[start] = "NAME"
            continue
        if _ORG_KINDS.search(core):
            for i, kind in enumerate(core, start):
                if kind != "K" and kind != "P":
                    roles[i] = "ORG"
        else:
            for i, kind in enumerate(core, start):
                if kind != "K" and kind != "P" and roles[i] in _RENAMED:
                    roles[i] = "NAME"
    return lows, roles


class Tokens:
    """The tokens of one sentence, read when asked for: its pieces between spaces
    (``words``, at once), the tokens' lowercase forms (``lows``) and roles (``roles``), and
    the :class:`Tok` of each with its offsets (as a sequence)."""

    __slots__ = ("text", "begin", "end", "words", "pieces", "_lows", "_roles", "_toks")

    def __init__(self, text: str, begin: int, end: int):
        self.words = text[begin:end].split()
        self.pieces = list(map(_PIECES.__getitem__, self.words))
        self.text, self.begin, self.end = text, begin, end
        self._lows = self._roles = self._toks = None

    @property
    def lows(self) -> list[str]:
        if self._lows is None:
            self._lows, self._roles = _read(self.pieces)
        return self._lows

    @property
    def roles(self) -> list[str]:
        if self._roles is None:
            self._lows, self._roles = _read(self.pieces)
        return self._roles

    def list(self) -> list[Tok]:
        if self._toks is None:
            spans = map(_SPAN, _TOKEN.finditer(self.text, self.begin, self.end))
            self._toks = [Tok(s, e, low, role)
                          for (s, e), low, role in zip(spans, self.lows, self.roles)]
        return self._toks

    def __len__(self) -> int:
        return len(self.lows)

    def __bool__(self) -> bool:
        return any(map(_INFOS, self.pieces))

    def __getitem__(self, index):
        return self.list()[index]

    def __iter__(self):
        return iter(self.list())

    def __eq__(self, other) -> bool:
        return self.list() == list(other)


def tokens(text: str, begin: int = 0, end: int | None = None) -> list[Tok]:
    """The tokens of ``text[begin:end]`` with their roles; offsets are into ``text``.

    Capitalised names that are not the first word become ``ORG`` when they
    look like an organisation's (a head word such as College or Works, an
    acronym, a word with a capital inside such as WorkSource) and ``NAME``
    otherwise; a partner's name, already replaced by the placeholder, is
    ``ORG``. In a headline in Title Case only those signs count.
    """
    return Tokens(text, begin, len(text) if end is None else end).list()


def _inner_capital(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)


_SENTENCE_END = re.compile(r"[.!?]+[\"”’)»]*(?=\s|$)|\n[ \t]*\n|\n(?=[ \t]*(?:[-*+#>]|\d+[.)])\s)")
_END_MARK = re.compile(r"[.!?\n]")
_CLOSERS = frozenset('"”’)»')
_ITEM = re.compile(r"[ \t]*(?:[-*+#>]|\d+[.)])\s")


def sentence_ends(text: str) -> list[int]:
    """Where each sentence (ended by . ! ? or a line break) of ``text`` ends.

    The same places as ``_SENTENCE_END.finditer``, found from the few marks that can end a
    sentence rather than by trying the pattern at every character.
    """
    ends: list[int] = []
    size = len(text)
    last = 0  # where the previous end was: no match starts before it
    for mark in _END_MARK.finditer(text):
        start = mark.start()
        if start < last:
            continue
        if text[start] != "\n":
            end = start + 1
            while end < size and text[end] in ".!?":
                end += 1
            run = end
            while end < size and text[end] in _CLOSERS:
                end += 1
            if end == size or text[end].isspace() or (end == size - 1 and text[end] == "\n"):
                ends.append(end)
                last = end
            else:
                last = run  # the run of marks ends no sentence; the next mark is after it
            continue
        after = start + 1
        while after < size and text[after] in " \t":
            after += 1
        if after < size and text[after] == "\n":
            ends.append(after + 1)
            last = after + 1
        elif _ITEM.match(text, start + 1):
            ends.append(start + 1)
            last = start + 1
    return ends


def sentences(text: str):
    """``(begin, end, tokens)`` of each sentence of ``text`` that has a word (the tokens as
    :class:`Tokens`, read as a list of :class:`Tok`)."""
    begin = 0
    for end in sentence_ends(text) + [len(text)]:
        if end > begin and not text[begin:end].isspace():
            toks = Tokens(text, begin, end)
            if toks:
                yield begin, end, toks
        begin = end
