"""Private details that must never reach the site, in English and Spanish.

Phone numbers (every US form, ten digits without separators too), e-mail
addresses (obfuscated ones too: "ana at example dot org"), social security
numbers, dates of birth, a person's street address, case or claim numbers
(a partnership may add the shape of its own in site.toml), a surname when
the storyteller agreed to a first name only, and for a minor, the name of a
school.

Each finding says whether it is *certain*. Numbers that only look like phone
numbers (exam codes like CompTIA 220-1101, course and room numbers, years,
money) are told apart by their shape and by the words around them. A phone number or e-mail that belongs to an office (a front
desk, a toll-free line, ``info@…``) is not a person's private detail: it is
reported as ``pii-contact``, a warning, because a story is about a person and
the office's contact belongs on the partner's page. An office's street
address ("the center is at 1200 Industrial Way") is public and not reported.

Names and places are matched by :mod:`.identity`. A found detail is quoted
back with its digits mostly hidden, in its sentence, with a rewrite of it.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable

from . import identity
from .identity import (_ADDRESS, _FOLDS_TO_ASCII, _ORG_ADDRESS, _PERSON_ADDRESS, _PLACE_WORDS, _STREET_WORDS,
                       Finding, _has_word, _street_addresses, sentence_at)
from .sensitive import words_of

__all__ = ["Finding", "PrivacyFinder", "sentence_at"]

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_MESES = r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?ptiembre|octubre|noviembre|diciembre)"
_NUMERIC_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b|\d{4}-\d{2}-\d{2}\b"
_WORD_DATE = (rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTHS}\s+\d{{4}}"
              rf"|\d{{1,2}}\s+de\s+{_MESES}(?:\s+(?:de|del)\s+\d{{4}})?")

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
_DIGIT = re.compile(r"\d")
_RUN = re.compile(r"\d+")
_SSN_WORDS = frozenset({"ssn", "social", "seguro"})
_BIRTH_WORDS = frozenset({"born", "birth", "dob", "birthday", "birthdate", "naci", "nacida", "nacido",
                          "nacimiento", "cumplea"})
_CASE_WORDS = frozenset({"case", "claim", "client", "participant", "file", "member", "account",
                         "customer", "docket", "inmate", "booking", "doc", "ui", "caso", "expediente",
                         "reclamo", "reclamaci", "cliente", "solicitud", "n", "mero"})


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


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


class _Found:
    """The findings of one text, none overlapping another, each with its message."""

    def __init__(self, text: str, who: str, spanish: bool):
        self.text, self.who, self.spanish = text, who, spanish
        self.items: list[Finding] = []
        self.taken = _Spans()

    def add(self, start: int, end: int, rule: str, what: str, kind: str, certain: bool = True,
            why: str = "private details never go on the site") -> None:
        if self.taken.overlaps(start, end):
            return
        self.taken.add(start, end)
        text = self.text
        detail = text[start:end].strip()
        s, e = sentence_at(text, start, end)
        sentence = " ".join(text[s:e].split())
        hidden = _hide(detail)
        quoted = " ".join(sentence.replace(detail, hidden).split())
        if len(quoted) > 160:
            quoted = quoted[:157] + "…"
        rewrite = _rewrite(sentence, detail, self.who, self.spanish, kind)
        self.items.append(Finding(start, end, rule, f"'{hidden}' in \"{quoted}\" looks like {what}; "
                                  f"{why}. Remove it, e.g. \"{rewrite}\"", certain))


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
        found = _Found(text, name or ("la persona" if spanish else "the storyteller"), spanish)
        lower = text.lower()
        if tokens is None:
            tokens = words_of(lower)
        self._emails(text, lower, tokens, name, found.add)
        runs = [m.span() for m in _RUN.finditer(text)]
        if runs:
            self._numbers(text, lower, tokens, runs, name, found)
        return sorted(found.items, key=lambda f: f.start)

    def _emails(self, text: str, lower: str, tokens: set[str], name: str | None, add) -> None:
        at = text.find("@")
        while at >= 0:  # only the stretch around each @ is searched
            for m in _EMAIL.finditer(text, max(0, at - 64), at + 256):
                self._email(text, m.start(), m.end(), m.group(0).split("@")[0], name, add)
            at = text.find("@", at + 1)
        if ("at" in tokens and "dot" in tokens) or "arroba" in tokens or "(at)" in lower \
                or "[at]" in lower or "{at}" in lower:
            for m in _EMAIL_HIDDEN.finditer(text):
                add(m.start(), m.end(), "pii-email", "an e-mail address written out in words", "e-mail")

    def _numbers(self, text: str, lower: str, tokens: set[str], runs: list[tuple[int, int]],
                 name: str | None, found: "_Found") -> None:
        """The details made of digits, each looked for only near the runs of digits."""
        add = found.add

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
                    self._case(m, add)
        for pattern in self.case_patterns:
            for m in pattern.finditer(text):
                add(m.start(), m.end(), "pii-case-number", "a case number", "case")
        for rs, re_ in runs:
            if re_ - rs in (1, 3, 10, 11) and not found.taken.overlaps(rs, rs + 1):
                m = _PHONE.match(text, rs - 1 if rs and text[rs - 1] in "(+" else rs)
                if m:
                    self._phone(text, m, name, add)
        if not _PLACE_WORDS.isdisjoint(tokens) or "c/" in lower:
            for ws, we in near(70, 40):
                for m in _ADDRESS.finditer(text, ws, we):
                    self._address(text, m.start(), m.end(), add)
        elif not _STREET_WORDS.isdisjoint(tokens):
            for m in _street_addresses(text, runs, tokens):
                self._address(text, m.start(), m.end(), add)

    @staticmethod
    def _case(m: re.Match, add) -> None:
        keyword = m.group(0).split()[0].lower().rstrip(":#,")
        if keyword in _CASE_NEEDS_MARK and not _CASE_MARK.search(m.group(0)[len(keyword):]):
            return
        ident = m.group("id") or m.group("id2")
        if not _DIGIT.search(ident) or re.fullmatch(r"(?:19|20)\d\d", ident.strip()):
            return
        add(m.start(), m.end(), "pii-case-number", "a case or claim number", "case")

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
        return identity.schools(text)

    def surnames(self, text: str, name: str, lang: str = "en", full: str | None = None) -> list[Finding]:
        """The storyteller's surname, when they agreed to a first name only (see
        :func:`wsstories.identity.surnames`); ``full`` is the front matter's name."""
        return identity.surnames(text, name, self.partner_words, full)
