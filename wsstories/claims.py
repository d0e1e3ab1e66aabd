"""Ownership claims: text that makes a partner the owner or the cause of a success.

The partnership celebrates each success from the customer's perspective, and
no partner claims it. This module finds the four ways a text claims one:

- **possession**: people as a partner's possessions ("our client Dana", "one
  of our participants", "Harbor College's latest success");
- **agent**: an organisation as the one who achieved it ("we placed Marcus",
  "X got Andre a job", "the grant changed her life", "made … possible");
- **credit**: credit as cause ("thanks to X, she…", "because of our
  program…", "without X, she would…", "credit goes to X");
- **success**: the success as the organisation's ("another success story for
  X", "a win for our team").

It is aimed at the grammar of a claim, not at a list of sentences: an
organisation (``we``, ``our …``, any partner by name, ``the program``…) in a
claiming construction. A partner offering a service ("Harbor College offered
evening classes", "staff helped Olu practise") is not a claim, and neither
are the storyteller's own words, which ``storytelling.py`` masks before this
module reads the text.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Iterable

# Words for an organisation's people, programs and resources.
_ORG_NOUNS = (r"team|staff|program(?:me)?s?|agenc(?:y|ies)|organi[sz]ations?|cent(?:er|re)s?|"
              r"offices?|partners?|partnership|counsel+ors?|case\s?managers?|coach(?:es)?|"
              r"services?|grants?|funding|foundation|college|union|council|board|work|efforts?|"
              r"support|help|training|courses?|class(?:es)?|instructors?|people|mentors?|"
              r"scholarships?|workshops?|initiative|project|navigators?|specialists?")
_PEOPLE = (r"clients?|participants?|graduates?|grads?|trainees?|students?|customers?|"
           r"job[\s-]?seekers?|enrollees?|candidates?|placements?|cases?|caseloads?|mentees?|"
           r"members?|success(?:es)?(?:\s+stor(?:y|ies))?|alumn(?:i|us|a|ae)|apprentices?|hires?|"
           r"recipients?|beneficiar(?:y|ies)|grantees?|scholars?|fellows?|interns?")
_PARTNER_PEOPLE = (r"clients?|participants?|trainees?|customers?|job[\s-]?seekers?|enrollees?|"
                   r"placements?|caseloads?|mentees?|success(?:es)?(?:\s+stor(?:y|ies))?")
_ADJ = (r"(?:(?:latest|newest|recent|most\s+recent|former|current|star|proudest|biggest|best|"
        r"first|second|third|fourth|fifth|tenth|hundredth|next|own|many|talented|dedicated|"
        r"amazing|wonderful|great|successful|model|outstanding|\d+(?:st|nd|rd|th)?|two|three|"
        r"four|five|six|ten|dozens\s+of|hundreds\s+of)\s+)*(?:[a-z]+\s+)?")
_UPPER = "A-ZÀ-ÖØ-Þ"
_NAME = rf"(?-i:[{_UPPER}][^\W\d_]+(?:\s+[{_UPPER}][^\W\d_]+)?)"
_GROUP = (r"(?:(?:\d+|\w+ty|dozens\s+of|hundreds\s+of|many|more\s+than\s+\d+)\s+)?(?:people|"
          r"workers|job\s?seekers|participants|veterans|residents|candidates|young\s+people|"
          r"youth|families|graduates|students|women|men)")
_PERSON = rf"(?:her|him|them|me|us|{_NAME}|{_GROUP})"
_PERSON_POS = rf"(?:her|his|their|my|{_NAME}['’]s)"
_JOB = (r"(?:(?:a|an|her|his|their|the)\s+)?(?:(?:new|first|good|great|full-time|part-time|"
        r"permanent|better|steady|well-paying|stable)\s+)*(?:job|jobs|position|positions|role|"
        r"employment|work|placement|career|internship|apprenticeship|contracts?|interviews?)\b")
_SERVICE = (r"(?:program(?:me)?|grant|scholarship|support|help|services?|funding|partnership|"
            r"staff|team|counsel+or|case\s?manager|coach(?:ing)?|mentor(?:ing)?|training|course|"
            r"class|workshop|agency|cent(?:er|re)|college|foundation|union|council|office|"
            r"efforts?|intervention|assistance|guidance|internship|apprenticeship|academy)")
_MILD = r"(?:(?:new|free|local|evening|summer|great|excellent|wonderful|amazing|generous|" \
        r"dedicated|tireless|hard)\s+)*"


_TOKEN = re.compile(r"[a-z]+")


_CLAUSE_END = re.compile(r"[.!?]|\n\n")


def _clause_ends(text: str) -> list[int]:
    """Where each sentence (ended by . ! ? or a blank line) ends: found once per text."""
    return [m.start() for m in _CLAUSE_END.finditer(text)]


def _clause_around(text: str, position: int, ends: list[int]) -> tuple[int, int]:
    """The sentence that holds ``position``; ``ends`` are :func:`_clause_ends` of ``text``.

    A search among the ends, not a scan of the text, so that many anchor words
    in one long sentence cost linear time.
    """
    place = bisect.bisect_left(ends, position)
    begin = ends[place - 1] + 1 if place else 0
    finish = ends[place] + 1 if place < len(ends) else len(text)
    return begin, finish


_PLACEHOLDER = "ꙮ"  # a letter that no story uses: a partner's name, once found


@functools.lru_cache(maxsize=4096)
def _partner_pattern(variants: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in variants)
                      + r")\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def _anchor_pattern(words: frozenset[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(sorted(words)) + r")\b", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Claim:
    start: int
    end: int
    kind: str  # possession | agent | credit | success


MESSAGES = {
    "possession": ("'{found}' presents the storyteller as belonging to a partner; name the "
                   "person instead, e.g. 'Dana' or 'Dana, who took the evening course'"),
    "agent": ("'{found}' makes an organisation the one who achieved this; make the storyteller "
              "the subject, e.g. 'Marcus started work at …' or 'Marcus was hired by …'"),
    "credit": ("'{found}' credits an organisation with the storyteller's success; say what the "
               "partner offered and what the storyteller did, e.g. 'Harbor College offered "
               "evening classes, and Maria passed her exam'"),
    "success": ("'{found}' makes the success an organisation's; it is the storyteller's, "
                "e.g. 'Maria's new career'"),
}


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


class ClaimFinder:
    """Finds ownership claims in text; knows every partner of the site by name."""

    def __init__(self, partner_names: Iterable[str] = ()):
        # Partner names are found first and stood in for by a placeholder of the same
        # length, so the rules below stay small and fast however many partners there are.
        self._variants = sorted(((v, frozenset(re.findall(r"[a-z]+", v.lower())))
                                 for name in partner_names for v in name_variants(name)),
                                key=lambda item: -len(item[0]))
        partner = f"{_PLACEHOLDER}+"
        org = (rf"(?:\bwe\b|\bour\s+(?:[\w-]+\s+){{0,2}}?(?:{_ORG_NOUNS})\b|(?:\bthe\s+)?(?:{partner})\b|"
               rf"\b(?:the|this|that)\s+(?:[\w-]+\s+)?(?:program(?:me)?|agency|cent(?:er|re)|partnership|"
               rf"workforce\s+(?:board|council)|team|staff|grant|scholarship|funding|college|"
               rf"foundation|union|council|office|fund|network|alliance|organi[sz]ation)\b|"
               rf"\bWorkSource\b|\bstaff\b)")
        self.org = org
        # An organisation as the grammatical subject (not after a preposition) ...
        subject = "".join(rf"(?<!\b{w}\s)" for w in ("at", "from", "with", "by", "to", "of", "in",
                                                      "for")) + rf"(?<!\bthrough\s){org}"
        outcome = (r"(?:jobs?|work|employment|careers?|futures?|li(?:fe|ves)|positions?|roles?|"
                   r"promotions?|raises?|success|apprenticeships?|internships?|hires?|offers?|"
                   r"businesses|business|paychecks?|dreams?|chances?|starts?)\b")
        people = (rf"(?:{_PERSON}|(?:[\w-]+\s+){{0,3}}?(?:welders|workers|graduates|nurses|drivers|"
                  rf"apprentices|people|veterans|participants|students|employees|technicians))")
        people_words = ("clients client participants participant graduates graduate grads grad "
                        "trainees trainee students student customers customer seekers seeker "
                        "jobseekers jobseeker enrollees enrollee candidates candidate placements "
                        "placement cases case caseload caseloads mentees mentee members member "
                        "success successes alumni alumnus alumna alumnae apprentices apprentice "
                        "hires hire recipients recipient beneficiary beneficiaries grantees grantee "
                        "scholars scholar fellows fellow interns intern")
        # (kind, words of which one must be in the sentence, pattern)
        rules = [
            ("possession", "our my",
             rf"\b(?:our|my)\s+{_ADJ}(?:{_PEOPLE})\b(?!\s+(?:program|services?|office|centers?|"
             rf"centres?|association|union|of\s+the\s+(?:community|public)))"),
            ("possession", people_words,
             rf"\bone\s+of\s+(?:our|{partner}['’]s)\s+{_ADJ}(?:{_PEOPLE})\b"),
            ("possession", people_words,
             rf"(?:{partner}|\bWorkSource)['’]s?\s+{_ADJ}(?:{_PARTNER_PEOPLE})\b"),
            ("possession", "proud proudly",
             rf"\bproud(?:ly)?\s+to\s+(?:call|count)\s+{_PERSON}\s+(?:one\s+of\s+)?(?:our|its)\b"),
            ("possession", "our", rf"\b(?:{_PEOPLE})\s+(?:of|in|from)\s+our\b"),
            ("possession", "our",
             r"\bour\s+(?:[\w-]+\s+){0,2}?(?:list|roster|wall|hall|collection|family)\s+of\s+"
             r"(?:success|graduates|alumni|achievers|champions)"),
            ("possession", "product result", rf"\b(?:a\s+|the\s+)?(?:product|result)\s+of\s+(?:our\b|{org})"),
            ("agent", "placed got found landed secured obtained lined delivered arranged",
             rf"{org}\s+(?:\w+\s+){{0,3}}?(?:placed|got|found|landed|secured|obtained|lined\s+up|"
             rf"delivered|arranged)\s+{_PERSON}\s+{_JOB}"),
            ("agent", "placed got found landed secured obtained",
             rf"{org}\s+(?:\w+\s+){{0,2}}?(?:placed|got|found|landed|secured|obtained)\s+"
             rf"{_JOB}\s+for\s+{_PERSON}"),
            ("agent", "placed",
             rf"{org}\s+(?:have\s+|has\s+|had\s+)?(?:successfully\s+|recently\s+|proudly\s+)?"
             rf"placed\s+(?:{_PERSON}|\d+|dozens|hundreds|many|more\s+than|over|nearly|almost|"
             rf"about|some)\b"),
            ("agent", "got get gets getting had",
             rf"{org}\s+(?:\w+\s+){{0,3}}?(?:got|get|gets|getting|had)\s+{_PERSON}\s+(?:hired|placed|"
             rf"employed|working|into\s+(?:a|an)\s+\w+|into\s+work)"),
            ("agent", "helped help helps",
             rf"{org}\s+(?:\w+\s+){{0,2}}?help(?:ed|s)?\s+(?:to\s+)?(?:place|land|secure)\s+{_PERSON}"),
            ("agent", "placed",
             rf"{org}\s+(?:has|have|had)\s+(?:\w+\s+)?placed\b(?!\s+(?:an?\s+)?(?:order|ad|advert|"
             rf"call|bid|notice))"),
            ("agent", "placing", rf"\bplacing\s+{_PERSON}\s+(?:at|in|with|into)\b"),
            ("agent", "took takes brought brings moved moves transitioned",
             rf"{org}\s+(?:\w+\s+)?(?:took|takes|brought|brings|moved|moves|transitioned)\s+"
             rf"{_PERSON}\s+from\b"),
            ("agent", "gave gives give offered",
             rf"{org}\s+(?:\w+\s+){{0,2}}?(?:gave|gives|give|offered)\s+{_PERSON}\s+(?:a\s+)?"
             rf"(?:second|new|fresh|another)\s+(?:chance|start|life|beginning|lease)"),
            ("agent", "turned turns turn",
             rf"(?:{org}|\b(?:the|this|that|our|a)\s+{_MILD}{_SERVICE})\s+(?:\w+\s+){{0,3}}?"
             rf"(?:turned|turns|turn)\s+{_PERSON_POS}\s+li(?:fe|ves)\s+around"),
            ("agent", "life lives",
             rf"\bli(?:fe|ves)\s+(?:that\s+)?(?:{org})\s+(?:has\s+|have\s+|had\s+)?(?:\w+\s+)?"
             rf"(?:touched|changed|transformed|saved)"),
            ("agent", "placed",
             r"\b(?:was|were|been|got|get|gets|being)\s+(?:successfully\s+)?placed\s+"
             r"(?:in|at|with|into)\b"),
            ("agent", "secured secures secure securing",
             r"\bsecur(?:ed|es|e|ing)\s+(?:(?:a|an|new|full-time|permanent|good|stable)\s+)*"
             r"(?:employment|jobs?|positions?|work|placements?)\s+for\b"),
            ("agent", "transformed changed saved rescued turned transforms changes saves",
             rf"(?:{org}(?:['’]s)?|\b(?:the|this|that|our|a)\s+{_MILD}{_SERVICE})\s+(?:\w+\s+){{0,3}}?"
             rf"(?:transformed|changed|saved|rescued|turned\s+around|transforms|changes|saves)\s+"
             rf"(?:{_PERSON_POS}\s+|the\s+)?(?:life|lives|world|future|family|families)\b"),
            ("agent", "transformed changed saved turned",
             rf"\b(?:{_PERSON_POS})\s+(?:life|lives|future)\s+(?:was|were|has\s+been|have\s+been)\s+"
             rf"(?:forever\s+|completely\s+|truly\s+)?(?:transformed|changed|saved|turned\s+around)"
             rf"(?:\s+forever)?\s+by\b"),
            ("agent", "possible",
             rf"(?:{org}|\b(?:the|this|that|our|a)\s+{_MILD}{_SERVICE})[^.!?;]{{0,60}}?\bmade\s+"
             rf"(?:[^.!?;]{{0,40}}?\s)?possible\b"),
            ("agent", "possible", r"\bmade\s+possible\s+(?:by|through|thanks\s+to)\b"),
            ("agent", "responsible",
             rf"{org}\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:directly\s+|solely\s+|"
             rf"largely\s+|wholly\s+|fully\s+)?responsible\s+for\b"),
            ("agent", "responsible",
             rf"\bresponsible\s+for\s+{_PERSON_POS}\s+(?:new\s+|first\s+)?(?:job|success|career|"
             rf"placement|employment|hire|achievement)"),
            ("agent", "back",
             rf"\b(?:put|puts|putting)\s+(?:{_PERSON}|people|workers|\d+\s+\w+)\s+back\s+to\s+work\b"),
            ("agent", "into",
             rf"(?:{org}|\b(?:the|this|that|our)\s+(?:[\w-]+\s+)?{_SERVICE})\s+(?:\w+\s+){{0,2}}?"
             rf"(?:turned|made)\s+{_PERSON}\s+into\s+(?:a|an)\b"),
            ("agent", "placed rescued saved transformed produced churned",
             rf"{subject}\s+(?:[\w'’-]+\s+){{0,4}}?(?:placed|rescued|saved|transformed|produced|"
             rf"churned\s+out)\s+{people}\b"),
            ("agent", "got gets get getting found finds landed lands gave gives brought brings took "
                      "takes connected connects matched matches helped helps made makes lifted "
                      "pulled steered guided led",
             rf"{subject}\s+(?:[\w'’-]+\s+){{0,3}}?(?:got|gets|get|getting|found|finds|landed|lands|"
             rf"gave|gives|brought|brings|took|takes|connected|connects|matched|matches|helped|helps|"
             rf"made|makes|lifted|pulled|steered|guided|led)\s+{_PERSON}\s+(?:[\w'’-]+\s+){{0,5}}?"
             rf"{outcome}"),
            ("agent", "placed",
             rf"\b(?:the\s+)?(?:\d+\s+|many\s+|dozens\s+of\s+)?(?:people|workers|veterans|participants|"
             rf"job\s?seekers|youth)\s+(?:that\s+|whom\s+)?{org}\s+(?:has\s+|have\s+|had\s+)?placed\b"),
            ("credit", "thanks",
             rf"\bthanks\s+(?:in\s+(?:large\s+|great\s+)?part\s+|largely\s+|entirely\s+)?to\s+"
             rf"(?:{org}|(?:{partner})|(?:the|a|an|our|their|its)\s+{_MILD}(?:\w+\s+){{0,2}}?"
             rf"{_SERVICE}\b(?!\s+(?:schedule|hours|times|costs?|fees?|rules))|"
             rf"(?:the\s+)?(?:[\w-]+\s+){{0,3}}?(?:of|from)\s+{org})"),
            ("credit", "because",
             rf"\bbecause\s+of\s+(?:{org}|(?:the|our|this|that|their)\s+{_MILD}{_SERVICE}\b"
             rf"(?!\s+(?:schedule|hours|times|costs?|fees?|length|rules|requirements)))"),
            ("credit", "without",
             rf"\bwithout\s+(?:the\s+(?:help|support)\s+of\s+)?(?:{org}|us|them|their\s+help|"
             rf"(?:{partner})['’]s\s+\w+)\b[^.!?;]{{0,100}}?\b(?:would|could|might)(?:n['’]t)?\b"),
            ("credit", "due", rf"\bdue\s+(?:in\s+(?:large\s+)?part\s+)?to\s+(?:{org}|the\s+(?:efforts|work)\s+of)"),
            ("credit", "owe owes",
             rf"\bowes?\s+(?:(?:her|his|their|my)\s+(?:\w+\s+){{0,2}}?(?:success|job|career|"
             rf"achievement|life|future)|it\s+all|everything)\s+to\b"),
            ("credit", "owe owes",
             rf"\bowes?\s+(?:(?:her|his|their|my)\s+[\w\s-]{{1,40}}?|a\s+lot|much)\s+to\s+"
             rf"(?:{org}|the\s+(?:[\w-]+['’]s\s+)?(?:[\w-]+\s+)?{_SERVICE})"),
            ("credit", "testament tribute proof evidence",
             rf"\b(?:testament|tribute|proof|evidence)\s+(?:to|that|of)\s+(?:our\b|{org}|the\s+"
             rf"(?:hard\s+)?(?:work|efforts?)\s+of)"),
            ("credit", "reason",
             rf"(?:{org}|\bthe\s+(?:[\w-]+\s+)?{_SERVICE})(?:['’]s\s+[\w-]+)?\s+(?:is|was|are|were)"
             rf"\s+(?:the|a)\s+(?:main\s+|only\s+|big\s+|real\s+)?reason\b"),
            ("credit", "belongs belong owed due",
             rf"\b(?:success|achievement|accomplishment|win|victory|job|career)\s+(?:\w+\s+)?"
             rf"(?:belongs|belong|is\s+owed|is\s+due)\s+to\s+(?:us\b|our\b|{org})"),
            ("credit", "help support assistance guidance",
             rf"\bwith\s+(?:our|(?:{partner})['’]s)\s+(?:\w+\s+)?(?:help|support|assistance|guidance)\b"),
            ("credit", "through",
             r"\bthrough\s+our\s+(?:\w+\s+)?(?:program(?:me)?|services|efforts|work|partnership)\b"),
            ("credit", "credit",
             r"\b(?:the\s+)?credit\s+(?:for\s+(?:this|her|his|their)\s+\w+\s+)?(?:goes|belongs|"
             r"is\s+due)\s+to\b"),
            ("credit", "credit",
             r"\b(?:deserves?|deserved|takes?|took|taking|claims?|claimed)\s+(?:(?:all|the|much|"
             r"some|full|most|a\s+lot\s+of)\s+)*(?:of\s+the\s+)?credit\b(?![-\w])(?!\s+cards?)"),
            ("credit", "down",
             rf"\b(?:is|was|are|were)\s+(?:all\s+|largely\s+)?down\s+to\s+(?:us\b|our\b|{org})"),
            ("credit", "if", rf"\bif\s+(?:it\s+(?:were|was|had\s+not\s+been)\s+)?not\s+for\s+(?:us\b|our\b|{org})"),
            ("credit", "among", rf"\bamong\s+(?:its|our|their)\s+(?:[\w-]+\s+)?(?:{_PEOPLE})\b"),
            ("credit", "proof testament example evidence showcase demonstration",
             rf"\b(?:proof|testament|example|evidence|showcase|demonstration)\s+(?:of|to|that)\s+"
             rf"(?:what\s+)?(?:our\b|{org})"),
            ("credit", "reflects shows proves demonstrates highlights",
             rf"\b(?:reflects|shows|proves|demonstrates|highlights)\s+(?:the\s+)?(?:[\w-]+\s+)?"
             rf"(?:of\s+)?(?:our\b|{org})"),
            ("credit", "took",
             r"\btook\s+(?:our|the)\s+(?:whole\s+|entire\s+)?(?:team|staff|village|partnership)\s+to\b"),
            ("credit", "power impact value strength excellence magic",
             rf"\b(?:power|impact|value|strength|excellence|magic)\s+of\s+(?:our\b|{org})"),
            ("success", "story stories",
             r"\b(?:another|one\s+more|yet\s+another|the\s+latest|our\s+latest|a\s+great|a)\s+"
             r"(?:\w+\s+)?success\s+stor(?:y|ies)\s+for\b"),
            ("success", "story stories", rf"\bsuccess\s+stor(?:y|ies)\s+(?:of|from)\s+(?:{org})"),
            ("success", "story stories", rf"\bsuccess\s+stor(?:y|ies)\s+(?:that\s+|which\s+)?(?:we\b|{org})"),
            ("success", "day moment news week",
             rf"\b(?:great|big|proud|happy|good)\s+(?:day|moment|news|week)\s+for\s+(?:us\b|our\b|{org})"),
            ("success", "success win victory placement",
             rf"\b(?:another|one\s+more|our\s+latest|the\s+latest|a|an)\s+(?:{org})\s+(?:success|win|"
             rf"victory|placement)"),
            ("success", "win wins victory victories triumph feather",
             rf"\b(?:win|wins|victory|victories|triumph|feather\s+in\s+\w+\s+cap)\s+for\s+"
             rf"(?:us\b|our\b|{org})"),
            ("success", "our", r"\bour\s+(?:\w+\s+)?(?:success|win|achievement|accomplishment|triumph)\b"),
        ]
        self._rules = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, _, pattern in rules]
        self._index: dict[str, list[int]] = {}
        for number, (_, words, _) in enumerate(rules):
            for word in words.split():
                self._index.setdefault(word, []).append(number)
        self._anchor_words = frozenset(self._index)

    def find(self, text: str, tokens: set[str] | None = None) -> list[Claim]:
        """Every claim in ``text``, in order, overlapping ones merged.

        Each rule names words of which one must be present; a sentence is
        only matched against the rules that its words can trigger, which
        keeps the check fast on long stories.
        """
        if tokens is None:
            tokens = set(_TOKEN.findall(text.lower()))
        present = self._anchor_words.intersection(tokens)
        if not present:
            return []
        named = tuple(v for v, words in self._variants if words <= tokens)
        if named:
            text = _partner_pattern(named).sub(lambda m: _PLACEHOLDER * len(m.group(0)), text)
        candidates: dict[tuple[int, int], set[int]] = {}
        ends = _clause_ends(text)
        for hit in _anchor_pattern(frozenset(present)).finditer(text):
            clause = _clause_around(text, hit.start(), ends)
            candidates.setdefault(clause, set()).update(self._index[hit.group(0).lower()])
        found = []
        for (begin, finish), numbers in candidates.items():
            chunk = text[begin:finish]
            for number in sorted(numbers):
                kind, pattern = self._rules[number]
                for m in pattern.finditer(chunk):
                    found.append(Claim(begin + m.start(), begin + m.end(), kind))
        found.sort()
        merged: list[Claim] = []
        for claim in found:
            if merged and claim.start < merged[-1].end:
                continue
            merged.append(claim)
        return merged
