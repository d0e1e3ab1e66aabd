"""Private details that must never reach the site, in English and Spanish.

Phone numbers (every US form, ten digits without separators too), e-mail
addresses (obfuscated ones too: "ana at example dot org"), social security
numbers, dates of birth, a person's street address, case or claim numbers
(a partnership may add the shape of its own in site.toml), a surname when
the storyteller agreed to a first name only, and for a minor, the name of a
school.

Each finding says whether it is *certain*. Numbers that only look like phone
numbers — exam codes (CompTIA 220-1101), course and room numbers, years,
money, SOC and statute numbers — are told apart by their shape (a US area
code and exchange never start with 0 or 1) and by the words just before and
after them. A phone number or e-mail that belongs to an office (a front
desk, a toll-free line, ``info@…``) is not a person's private detail: it is
reported as ``pii-contact``, a warning, because a story is about a person and
the office's contact belongs on the partner's page. An office's street
address ("the center is at 1200 Industrial Way") is public and not reported.

Found details are quoted back with their digits mostly hidden, so that the
message does not repeat them in full, with the sentence they were found in
and a rewrite of that sentence.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Iterable

from .sensitive import words_of

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_MESES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?ptiembre|octubre|noviembre|diciembre)"
_NUMERIC_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b|\d{4}-\d{2}-\d{2}\b"
_WORD_DATE = (rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}"
              rf"|\d{{1,2}}\s+de\s+{_MESES}(?:\s+(?:de|del)\s+\d{{4}})?")
_STREET = (r"street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
           r"terrace|ter|circle|cir|highway|hwy|parkway|pkwy|loop|square|sq")

_PHONE = re.compile(
    r"(?<![\w$€£#/.,+-])"
    r"(?:(?P<plus>\+?1[\s.-]?)?(?P<open>\()?(?P<a>\d{3})\)?(?P<s1>[\s.-]?)(?P<e>\d{3})(?P<s2>[\s.-]?)"
    r"(?P<s>\d{4})|(?P<e7>\d{3})[-.](?P<s7>\d{4}))"
    r"(?P<ext>,?\s*(?:ext\.?|extension|x)\s*\d{1,5})?(?![\w-]|[.,]\d)", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b", re.IGNORECASE)
_TLD = r"(?:com|org|net|edu|gov|us|es|mx|io|info)"
_EMAIL_HIDDEN = re.compile(
    rf"\b[\w.+-]+\s*(?:\(at\)|\[at\]|\{{at\}}|\(arroba\))\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\(punto\))\s*[\w-]+)*?"
    rf"\s*(?:\.|\(dot\)|\[dot\]|\(punto\))\s*{_TLD}\b"
    rf"|\b[\w.+-]+\s+(?:at|arroba)\s+[\w-]+(?:\s+(?:dot|punto)\s+[\w-]+)*?\s+(?:dot|punto)\s+{_TLD}\b",
    re.IGNORECASE)
_SSN = re.compile(r"(?<![\w-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-])"
                  r"|\b(?:ssn|social\s+security(?:\s+number)?|seguro\s+social)\s*(?:#|no\.?|number|"
                  r"n[úu]mero|is|es|:)?,?\s*(?:de\s+)?\d{3}[\s-]?\d{2}[\s-]?\d{4}\b", re.IGNORECASE)
_BIRTH = re.compile(
    rf"\b(?:born(?:\s+on)?|date\s+of\s+birth|d\.?o\.?b\.?|birth\s*date|naci[óo](?:\s+el)?|nacid[oa]\s+el|"
    rf"fecha\s+de\s+nacimiento)[\s:,-]*(?:(?:is|was|es|fue|el|on)\s+){{0,2}}(?:{_NUMERIC_DATE}|{_WORD_DATE})"
    rf"|\b(?:birthday|cumpleaños)\s+(?:is\s+(?:on\s+)?|was\s+|es\s+el\s+|:\s*)?(?:{_MONTHS}\s+\d{{1,2}}\b"
    rf"|\d{{1,2}}\s+de\s+{_MESES})", re.IGNORECASE)
_ADDRESS = re.compile(
    rf"\b\d{{1,6}}[A-Za-z]?\s+(?:[NSEW]\.?\s+|(?:north|south|east|west)\s+)?"
    rf"(?-i:(?:[A-Z0-9][\w'-]*\s+){{1,3}})(?:{_STREET})\b\.?"
    rf"(?:[,\s]+(?:apt|apartment|unit|suite|#)\.?\s*\w+)?"
    rf"|\bp\.?\s?o\.?\s+box\s+\d+|\bapartado\s+(?:de\s+correos\s+)?\d+"
    rf"|\b(?:calle|c/|avenida|avda\.?|paseo|plaza|camino)\s+(?:de\s+(?:la\s+|los\s+|las\s+)?)?"
    rf"(?-i:[A-ZÁÉÍÓÚÑ][\w-]*(?:\s+[A-ZÁÉÍÓÚÑ][\w-]*){{0,3}}),?\s*(?:n[º°o]\.?\s*)?\d{{1,4}}\b"
    rf"(?:,?\s*\d{{1,2}}\s*[º°]?\s*[A-Z]?\b)?", re.IGNORECASE)
_CASE = re.compile(
    r"\b(?:case|claim|client|participant|file|member|account|customer|docket|inmate|booking|doc|ui|"
    r"caso|expediente|reclamo|reclamaci[óo]n|cliente|solicitud)\s*(?:number|no\.?|#|id|num\.?|n[úu]mero|"
    r"n\.?[º°o]\.?)?\s*[:#,]?\s*(?:es\s+(?:el\s+)?|is\s+|de\s+)?"
    r"(?P<id>[A-Z]{0,4}[-\s]?\d[\dA-Z-]{2,})\b"
    r"|\b(?:n[úu]mero|n\.?[º°o]\.?)\s+de\s+(?:caso|expediente|reclamo|reclamaci[óo]n|cliente)\s*[:#,]?\s*"
    r"(?:(?:[a-záéíóúñ]+\s+){0,4}?(?:es|fue)\s+(?:el\s+)?)?(?P<id2>[A-Z]{0,4}[-\s]?\d[\dA-Z-]{2,})\b", re.IGNORECASE)
#: Case keywords that need "number", "#" … after them, so "file 2023 taxes" is not a case number.
_CASE_NEEDS_MARK = {"file", "member", "account", "customer", "doc", "client", "cliente", "solicitud"}
_CASE_MARK = re.compile(r"number|no\.?|#|id|num\.?|n[úu]mero|n\.?[º°o]", re.IGNORECASE)

# Words near a number that make it a code, not a phone number.
_CODE_BEFORE = re.compile(
    r"\b(?:exams?|tests?|course|courses|class(?:es)?|crn|room|rm|rooms|suite|building|bldg|lab|codes?|"
    r"comptia|core|soc|cip|naics|o\*?net|onet|model|order|part|serial|isbn|invoice|ticket|item|sku|"
    r"tracking|policy|permit|section|sec|rcw|u\.?s\.?c|cfr|statute|form|bill|version|lot|batch|ref|"
    r"reference|zip|voucher|credential|credencial|badge|nccer|licen[cs]e|licencia|grant|award|contract|examen|curso|c[óo]digo|aula|sala|pedido|ley|decreto|"
    r"real\s+decreto|orden|bo[ei]|formulario|nos?\.?|numbers?|ids?|#)\W{0,4}(?:[\w.+-]+\W{1,3}){0,3}$",
    re.IGNORECASE)
_CODE_WORD = re.compile(r"\b(?:order|pedido|model|modelo|badge|credential|credencial|ticket|invoice|"
                        r"account|cuenta|serial|part|item|tracking|confirmation|confirmaci[óo]n)\b",
                        re.IGNORECASE)
_CODE_AFTER = re.compile(r"^\W{0,3}(?:exams?|tests?|course|class|module|certification|series|code|"
                         r"examen|curso|m[óo]dulo)\b", re.IGNORECASE)
_PHONE_WORD = re.compile(r"\b(?:call(?:ed|ing)?|phone|cell|mobile|text(?:ed)?|tel\.?|telephone|number|"
                         r"reach(?:ed)?|contact(?:ed)?|dial|fax|whatsapp|llam[ea]\w*|tel[ée]fono|celular|"
                         r"m[óo]vil|n[úu]mero|marque|comun[íi]quese|contacte)\b", re.IGNORECASE)
_PERSON_STRONG = re.compile(r"\b(?:cell|mobile|home|personal|private|direct|directly|own|me|my|mine|"
                            r"celular|m[óo]vil|personal|directamente|mi|me)\b"
                            r"|\b(?:her|his|their|su)\s+(?:phone\s+|cell\s+)?(?:number|phone|line|"
                            r"e-?mail|address|n[úu]mero|tel[ée]fono|correo)\b", re.IGNORECASE)
_PERSON = re.compile(r"\b(?:her|his|him|she|he|their|them|su|sus|ella|él|le)\b", re.IGNORECASE)
_ORG = re.compile(
    r"\b(?:office|center|centre|desk|hotline|helpline|line|team|department|dept|admissions|program|"
    r"programme|agency|college|university|school|union|hall|staff|media|press|information|info|register|"
    r"enroll|enrol|apply|appointment|schedule|toll[- ]free|main|front|reception|us|our|director|"
    r"coordinator|manager|specialist|counsel+or|recruiter|dispatch|tour|business|services?|"
    r"publications?|brochure|newsletter|association|institute|foundation|army|territory|"
    r"oficina|centro|departamento|programa|informaci[óo]n|cita|inscripci[óo]n|inscribirse|agencia|"
    r"nos|nuestr[oa]s?|coordinador[a]?|director[a]?|l[íi]nea|servicio|servicios)\b"
    r"|\bfor\s+(?:assistance|help|questions|details)\b|\bpara\s+(?:ayuda|preguntas|m[áa]s)\b",
    re.IGNORECASE)
_TOLL_FREE = {"800", "888", "877", "866", "855", "844", "833"}
_ROLE_MAILBOX = re.compile(r"info|contact|office|admin|admission|hello|help|support|career|jobs?\b|^hr\b|"
                           r"apply|team|desk|media|press|news|enrol|training|apprentice|general|inquir|"
                           r"question|empleo|contacto|oficina|informacion|noreply|no-reply|mail|webmaster|"
                           r"hiring|recruit|workforce|services", re.IGNORECASE)
_PERSON_ADDRESS = re.compile(r"\b(?:lives?|living|lived|moved|home|house|apartment|apt|resides?|rents?|"
                             r"her|his|their|my|him|vive|viv[íi]a|domicilio|casa|piso|mud[óo])\b", re.IGNORECASE)
_ORG_ADDRESS = re.compile(r"\b(?:center|centre|office|located|campus|building|hall|headquarters|"
                          r"suite|opened|opens|visit|offices|clinic|college|library|site|location|"
                          r"event|held|hosted|chamber|fair|forms?|lobby|submitted|published|"
                          r"oficina|centro|sede|ubicad[oa]|situad[oa]|instalaciones)\b", re.IGNORECASE)
# The mark comes first and the abbreviations are looked behind it: a pattern that starts with
# ten look-behinds tries them all at every character of the text.
_SENTENCE_END = re.compile(r"[.!?](?<!\bNo.)(?<!\bRm.)(?<!\bSt.)(?<!\bDr.)(?<!\bMr.)(?<!\bMs.)(?<!\bMrs.)"
                           r"(?<!\bSra.)(?<!\bInc.)(?<!\bAve.)[\"”’)]*(?=\s+[A-ZÁÉÍÓÚÑ¿¡\"“(])|\n[ \t]*\n")
_DIGIT = re.compile(r"\d")
_RUN = re.compile(r"\d+")
_SSN_WORDS = frozenset({"ssn", "social", "seguro"})
_BIRTH_WORDS = frozenset({"born", "birth", "dob", "birthday", "birthdate", "naci", "nacida", "nacido",
                          "nacimiento", "cumplea"})
_CASE_WORDS = frozenset({"case", "claim", "client", "participant", "file", "member", "account",
                         "customer", "docket", "inmate", "booking", "doc", "ui", "caso", "expediente",
                         "reclamo", "reclamaci", "cliente", "solicitud", "n", "mero"})
_STREET_WORDS = frozenset(_STREET.split("|"))
_PLACE_WORDS = frozenset({"calle", "avenida", "avda", "paseo", "plaza", "camino", "box", "apartado"})


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


@dataclass(frozen=True, slots=True)
class Finding:
    """One private detail: where, which rule, what to tell the author, and whether it is certain."""

    start: int
    end: int
    rule: str
    message: str
    certain: bool = True


def _hide(text: str) -> str:
    """Show a found detail with its digits and letters mostly hidden."""
    keep = max(2, len(text) // 4)
    return text[:keep] + text[keep:].translate(_BULLETS)


_BULLETS = {ord(c): "•" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"}


class _Spans:
    """Spans of text already reported, kept sorted: each look-up is a bisection.

    (A list searched from the start for every finding made a text with
    thousands of numbers quadratic.)
    """

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before ``end``
        return i > 0 and self.ends[i - 1] > start  # spans never overlap, so ends are sorted too

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


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


_LEAD = (r"(?:\s*(?:,|\bat|\bis|\bwas|\bon|\bof|\bto|\bal|\ben|\bes|\bfue|\bel|\bde|:|number|n[úu]mero|"
         r"no\.?|#)){0,3}\s*")
_LEAD_THEN_MARK = re.compile(_LEAD + "\x00", re.IGNORECASE)
#: Every character that the words before a detail (", at", "is", "number", "#" …) can hold.
_LEAD_CHARS = frozenset(" ,:#.atiswonfuelldembr")


def _cut(sentence: str, detail: str) -> str:
    """``sentence`` without its first ``detail`` and the words that lead to it.

    The same as ``re.sub(_LEAD + re.escape(detail) + ",?", "", sentence, count=1,
    flags=re.IGNORECASE)``, without compiling a pattern for each detail (which
    costs more than all the rules on a story). It is done by hand when that is
    plainly the same: a sentence with single spaces, an ASCII detail with a
    character the lead cannot hold, and no letter that matches another letter
    when case is ignored; otherwise by the pattern.
    """
    lower, needle = sentence.lower(), detail.lower()
    if not (detail.isascii() and not set(needle) <= _LEAD_CHARS and len(lower) == len(sentence)
            and "\x00" not in sentence and not any(char in sentence for char in _FOLDS_TO_ASCII)
            and sentence == " ".join(sentence.split())):
        return re.sub(_LEAD + re.escape(detail) + r",?", "", sentence, count=1, flags=re.IGNORECASE)
    best, previous = None, None
    q = lower.find(needle)
    while q >= 0:
        if previous is not None and q - previous < len(needle):  # occurrences that overlap
            return re.sub(_LEAD + re.escape(detail) + r",?", "", sentence, count=1,
                          flags=re.IGNORECASE)
        # The lead spans at most 22 characters here (three short words, single spaces).
        lead = _LEAD_THEN_MARK.search(sentence[:q] + "\x00", max(0, q - 32))
        if best is None or lead.start() < best[0]:
            best = (lead.start(), q)
        previous, q = q, lower.find(needle, q + 1)
    if best is None:
        return sentence
    end = best[1] + len(detail)
    if sentence[end:end + 1] == ",":
        end += 1
    return sentence[:best[0]] + sentence[end:]


def _rewrite(sentence: str, detail: str, who: str, spanish: bool, kind: str) -> str:
    """A rewrite of ``sentence`` without ``detail``: the sentence cut, or a sentence to use instead."""
    reach = re.search(r"\b(?:call|reach|text|contact|write|e-?mail|send|llame|escr[íi]ba|comun[íi]quese|"
                      r"contacte|env[íi]e)\w*", sentence, re.IGNORECASE)
    if reach and kind in ("phone", "e-mail"):
        return (f"Quienes quieran contactar a {who} pueden escribir a la alianza." if spanish else
                f"People who want to reach {who} can contact the partnership.")
    cut = _cut(sentence, detail)
    cut = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", cut)).strip()
    return cut if cut and cut != sentence.strip() else ("(remove the detail)" if not spanish else
                                                         "(quite el dato)")


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


class PrivacyFinder:
    """Finds private details; a site may add its own case-number patterns and partner names."""

    def __init__(self, case_patterns: Iterable[str] = (), partner_names: Iterable[str] = ()):
        self.case_patterns = [re.compile(p) for p in case_patterns]
        words = {w.lower() for name in partner_names for w in re.findall(r"[A-Za-z]{3,}", name)}
        self.partner_words = frozenset(words)

    # -- the whole text ------------------------------------------------------------------
    def find(self, text: str, tokens: set[str] | None = None, name: str | None = None,
             lang: str = "en") -> list[Finding]:
        """Every private detail in ``text``, in order; ``name`` is the storyteller's first name."""
        if "@" not in text and not _DIGIT.search(text) and not self.case_patterns \
                and " at " not in text and "(at)" not in text and "arroba" not in text:
            return []  # every built-in detail has a digit, an @ or an obfuscated "at"
        spanish = lang.startswith("es")
        who = name or ("la persona" if spanish else "the storyteller")
        found: list[Finding] = []
        taken = _Spans()

        def add(start: int, end: int, rule: str, what: str, kind: str, certain: bool = True,
                why: str = "private details never go on the site") -> None:
            if taken.overlaps(start, end):
                return
            taken.add(start, end)
            detail = text[start:end].strip()
            s, e = sentence_at(text, start, end)
            sentence = " ".join(text[s:e].split())
            hidden = _hide(detail)
            quoted = " ".join(sentence.replace(detail, hidden).split())
            if len(quoted) > 160:
                quoted = quoted[:157] + "…"
            rewrite = _rewrite(sentence, detail, who, spanish, kind)
            found.append(Finding(start, end, rule,
                                 f"'{hidden}' in \"{quoted}\" looks like {what}; {why}. "
                                 f"Remove it, e.g. \"{rewrite}\"", certain))

        lower = text.lower()
        if tokens is None:
            tokens = words_of(lower)
        at = text.find("@")
        while at >= 0:  # only the stretch around each @ is searched
            for m in _EMAIL.finditer(text, max(0, at - 64), at + 256):
                self._email(text, m.start(), m.end(), m.group(0).split("@")[0], name, add)
            at = text.find("@", at + 1)
        if ("at" in tokens and "dot" in tokens) or "arroba" in tokens or "(at)" in lower \
                or "[at]" in lower or "{at}" in lower:
            for m in _EMAIL_HIDDEN.finditer(text):
                add(m.start(), m.end(), "pii-email", "an e-mail address written out in words", "e-mail")
        runs = [(m.start(), m.end()) for m in _RUN.finditer(text)]
        if runs:
            def near(before: int, after: int):
                return _merged([(max(0, rs - before), min(len(text), re_ + after)) for rs, re_ in runs])

            ssn_words = not _SSN_WORDS.isdisjoint(tokens)
            for rs, re_ in runs:
                if ssn_words or (re_ - rs == 3 and text[re_:re_ + 1] == "-"):
                    m = _SSN.search(text, max(0, rs - 40) if ssn_words else rs, re_ + 14)
                    if m and (not _CODE_BEFORE.search(text[max(0, m.start() - 40):m.start()]) or
                              re.match(r"(?i)ssn|social|seguro", m.group(0))):
                        add(m.start(), m.end(), "pii-ssn", "a social security number", "ssn")
            if not _BIRTH_WORDS.isdisjoint(tokens) or "d.o.b" in lower:
                for ws, we in near(60, 20):
                    for m in _BIRTH.finditer(text, ws, we):
                        year = re.search(r"\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2}\b", m.group(0))
                        add(m.start(), m.end(), "pii-birth-date", "a date of birth", "birth",
                            certain=bool(year))
            if not _CASE_WORDS.isdisjoint(tokens):
                for ws, we in near(70, 20):
                    for m in _CASE.finditer(text, ws, we):
                        keyword = m.group(0).split()[0].lower().rstrip(":#,")
                        if keyword in _CASE_NEEDS_MARK and \
                                not _CASE_MARK.search(m.group(0)[len(keyword):]):
                            continue
                        ident = m.group("id") or m.group("id2")
                        if not _DIGIT.search(ident) or re.fullmatch(r"(?:19|20)\d\d", ident.strip()):
                            continue
                        add(m.start(), m.end(), "pii-case-number", "a case or claim number", "case")
            for pattern in self.case_patterns:
                for m in pattern.finditer(text):
                    add(m.start(), m.end(), "pii-case-number", "a case number", "case")
            for rs, re_ in runs:
                length = re_ - rs
                if length in (1, 3, 10, 11) and not taken.overlaps(rs, rs + 1):
                    start = rs - 1 if rs and text[rs - 1] in "(+" else rs
                    m = _PHONE.match(text, start)
                    if m:
                        self._phone(text, m, name, add)
            street = not _STREET_WORDS.isdisjoint(tokens)
            other = not _PLACE_WORDS.isdisjoint(tokens) or "c/" in lower
            if other:
                for ws, we in near(70, 40):
                    for m in _ADDRESS.finditer(text, ws, we):
                        self._address(text, m.start(), m.end(), add)
            elif street:
                for m in _street_addresses(text, runs, tokens):
                    self._address(text, m.start(), m.end(), add)
        return sorted(found, key=lambda f: f.start)

    def _context(self, text: str, start: int, end: int) -> tuple[str, str, str]:
        s, e = sentence_at(text, start, end)
        return text[s:start], text[end:e], text[s:e]

    def _org(self, sentence: str) -> bool:
        return bool(_ORG.search(sentence)) or any(
            w.lower() in self.partner_words for w in re.findall(r"[A-Za-z]{3,}", sentence))

    def _email(self, text, start, end, local, name, add) -> None:
        before, after, sentence = self._context(text, start, end)
        mine = name and name.lower() in local.lower()
        if not mine and not _PERSON_STRONG.search(before) and (
                _ROLE_MAILBOX.search(local) or self._org(before + " " + after)):
            add(start, end, "pii-contact", "an office's e-mail address", "e-mail", certain=False,
                why="a story is about a person, and the office's contact belongs on the partner's page; "
                    "if it is a person's own address, it must go")
        else:
            add(start, end, "pii-email", "an e-mail address", "e-mail")

    def _phone(self, text, m, name, add) -> None:
        start, end = m.start(), m.end()
        before = text[max(0, start - 48):start]
        after = text[end:end + 24]
        near = text[max(0, start - 24):start]
        words = list(_PHONE_WORD.finditer(near))
        phone_word = bool(words) and not _CODE_WORD.search(near)
        if not phone_word and (_CODE_BEFORE.search(before) or _CODE_AFTER.search(after)):
            return
        _, _, sentence = self._context(text, start, end)
        if m.group("e7"):  # a seven-digit local number: only with a word that says it is a phone
            if m.group("e7")[0] in "01" or not (phone_word or m.group("ext")):
                return
            certain = True
        else:
            valid = m.group("a")[0] not in "01" and m.group("e")[0] not in "01"
            separated = bool(m.group("s1") or m.group("s2") or m.group("open") or m.group("plus")
                             or m.group("ext"))
            if not valid:
                if not phone_word:
                    return
                certain = False
            else:
                certain = separated or phone_word
            if m.group("a") in _TOLL_FREE and not _PERSON.search(sentence):
                add(start, end, "pii-contact", "an office's toll-free number", "phone", certain=False,
                    why="a story is about a person, and the office's contact belongs on the partner's page")
                return
        personal = _PERSON_STRONG.search(sentence) or (name and _has_word(sentence, name))
        alone = not re.search(r"[^\W\d_]{3,}", sentence.replace(m.group(0), "").replace("ext", ""))
        if not personal and (alone or self._org(sentence)):
            add(start, end, "pii-contact", "an office's phone number", "phone", certain=False,
                why="a story is about a person, and the office's contact belongs on the partner's page; "
                    "if it is a person's own number, it must go")
            return
        add(start, end, "pii-phone", "a phone number", "phone", certain=certain)

    def _address(self, text, start, end, add) -> None:
        before, _, sentence = self._context(text, start, end)
        near = text[max(0, start - 40):start]
        if _PERSON_ADDRESS.search(near) or re.search(r"(?i)\bof\s*$", near) and not self._org(near):
            add(start, end, "pii-address", "a street address", "address")
        elif not _ORG_ADDRESS.search(sentence) and \
                not self._org(sentence.replace(text[start:end], " ")):  # "Harbor Avenue" is a street
            add(start, end, "pii-address", "a street address", "address")

    # -- schools and surnames ------------------------------------------------------------
    def schools(self, text: str) -> list[tuple[int, str]]:
        """Named schools (``Lincoln High School``), not the word 'school' alone."""
        found = []
        for match in _SCHOOL.finditer(text):
            words = match.group(0).split()
            if any(w[0].isupper() and w.lower() not in _GENERIC_SCHOOL_WORDS for w in words[:-1]) \
                    or words[-1] in ("Academy",):
                found.append((match.start(), " ".join(words)))
        return found

    def surnames(self, text: str, name: str, lang: str = "en", full: str | None = None) -> list[Finding]:
        """The storyteller's surname, when they agreed to a first name only.

        A capitalised word after ``name`` (their first name), or a title and a
        surname ("Ms. Delgado") that is theirs: the surname given in ``full``
        (the front matter's name) when it has one, or else a title and surname
        that no word around it gives to someone else ("her instructor, Mr.
        Lindqvist"; a sentence that names the storyteller too).
        """
        found = self._honorifics(text, name, full) if name else []
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
                if key in _COMMON or key in self.partner_words or key in _ORG_NOUNS:
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

    def _honorifics(self, text: str, name: str, full: str | None = None) -> list[Finding]:
        found = []
        if not any(mark in text for mark in _HONORIFIC_MARKS):
            return found
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


_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Miss|Sr|Sra|Srta)\.?\s+(?P<surname>[A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+)")
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
_HONORIFIC_MARKS = ("Mr", "Ms", "Mx", "Mi", "Sr")  # one of them starts every honorific
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
