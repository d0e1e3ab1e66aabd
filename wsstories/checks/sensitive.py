"""Sensitive topics a story mentions, and placeholder text left in a story.

A story that mentions health, disability, a criminal record, immigration,
public benefits, homelessness or substance use needs ``sensitive:`` to list
the topic (and ``consent.sensitive_reviewed``). The words below find a
mention in English or Spanish; words that have an everyday sense too
("record", "shelter", "recovery", "probation", "benefits") count only in the
phrases that make the sensitive sense clear ("a criminal record", "a
homeless shelter", "in recovery", "on probation", "food benefits"), so "a
record year", "the economic recovery" and "employee benefits" are not
mentions.

Placeholder text — "TODO", "Lorem ipsum", "[name]", "<insert quote>", the
``wsstories new`` template's "Write the story here" — is found in every
public field; it is an error in a published story.
"""

from __future__ import annotations

import operator
import re

_I = re.IGNORECASE

#: topic → the words that mention it (English and Spanish, with their inflections).
TOPIC_WORDS: dict[str, str] = {
    "health": r"""
        diagnos[ei]s|diagnosed|diagnostica\w*|cancer|cáncer|chemo\w*|quimioterapia|tumou?rs?|
        mental\s+health|salud\s+mental|mental\s+illness|illness(?:es)?|(?-i:depression)|depresión|
        anxiety|ansiedad|ptsd|(?-i:PTSD)|bipolar|schizophreni\w+|diabet\w+|(?-i:HIV|VIH)|
        (?:had|suffered|survived)\s+a\s+(?:stroke|heart\s+attack)|heart\s+attack|(?:had|needed|after|from|underwent|recovering\s+from)\s+(?:\w+\s+)?surger(?:y|ies)|cirugía|
        injur(?:y|ies|ed)|became\s+ill|fell\s+ill|ailing|(?:her|his|their|my)\s+accident|terapia\s+(?:psic|sic)ol[óo]gica|lesi[óo]n(?:es)?|hospitali[sz]\w+|in\s+the\s+hospital|chronic\s+pain|
        medical\s+(?:condition|bills|leave|issues)|health\s+(?:issues|problems|condition|crisis|scare)|
        enfermedad(?:es)?|enferm[oa]|(?:her|his|their|my)\s+recovery|(?:had|got|caught)\s+covid|
        back\s+problems|long\s+covid""",
    "disability": r"""
        disabilit(?:y|ies)|disabled|discapacida\w*|discapacitad[oa]s?|autis\w+|wheelchairs?|
        silla\s+de\s+ruedas|blind(?:ness)?(?!\s+to\b)|ceguera|ciegos?|ciegas?|deaf(?:ness)?|sord[oa]s?|sordera|
        hard\s+of\s+hearing|low\s+vision|visual(?:ly)?\s+impair\w+|impairments?|(?-i:ADHD|TDAH)|
        dyslexi\w+|dislexia|cerebral\s+palsy|par[áa]lisis\s+cerebral|down\s+syndrome|s[íi]ndrome\s+de\s+down|
        amputat\w+|amputee|vocational\s+rehabilitation|(?-i:DVR|VR)\s+(?:services|counsel+or)|
        special\s+needs|sheltered\s+workshops?|paraplegi\w+|quadripleg\w+|paraly[sz]\w+|spinal\s+cord|muscular\s+(?:atrophy|dystrophy)|developmental\s+disorders?|(?-i:VR)(?!\s+headsets?)|(?:difficulty|trouble|problems?)\s+with\s+(?:her|his|their|my)\s+(?:vision|hearing|sight)|diversidad\s+funcional|movilidad\s+reducida|neurodivergen\w+""",
    "criminal-record": r"""
        incarcerat\w+|encarcelad[oa]s?|prisons?|prisi[óo]n|presos?|jail(?:ed)?|c[áa]rcel(?:es)?|
        parole\w*|libertad\s+condicional|felon(?:y|ies|s)?|convict(?:ed|ions?)|
        criminal\s+(?:record|history|background|justice|charges?|convictions?)|antecedentes\s+penales|
        justice[-\s]involved|reentry|re-entry|recidivism|ex-cons?|offenders?|lawbreakers?|rap\s+sheet|wrong\s+side\s+of\s+the\s+law|halfway\s+house|encerrad[oa]s?|(?:during|served|serving|finished|completing)\s+(?:her|his|their|my|a)\s+sentence|served\s+(?:your|her|his|their|my)\s+time|returning\s+citizens?|
        ex-offenders?|formerly\s+incarcerated|house\s+arrest|arrest(?:ed|s)?|sentenced\s+to|
        correctional|inmates?|recluso\w*|locked\s+up|behind\s+bars|served\s+(?:time|\w+\s+years)|
        on\s+probation|probation\s+officer|penitenciari\w+|privad[oa]s?\s+de\s+libertad|condenad[oa]s?|
        delitos?|court-ordered|(?:arrest|conviction|police|court|prison|juvenile)\s+records?|
        (?:expunge\w*|seal(?:ed|ing)?|clear(?:ed|ing)?)\s+(?:her|his|their|my|a)\s+record|
        (?:her|his|their|my)\s+record\s+(?:was|were|is|had\s+been)\s+(?:expunged|sealed|cleared)""",
    "immigration": r"""
        refugees?|refugiad[oa]s?|asylum|asilo|undocumented|indocumentad[oa]s?|immigra\w+|inmigra\w+|
        emigra\w+|migrants?|migrantes?|migratori[oa]s?|green\s+card|visas?|(?-i:DACA)|
        resettle\w*|naturali[sz]\w+|became\s+a\s+(?:u\.?s\.?\s+)?citizen|citizenship|ciudadan[íi]a|
        deport\w+|sin\s+papeles|permiso\s+de\s+(?:residencia|trabajo)|estatus\s+migratorio|
        pa[íi]s\s+nuevo|nuevo\s+pa[íi]s|new\s+country|came\s+to\s+the\s+(?:united\s+states|u\.?s\.?)\s+from|
        moved\s+to\s+the\s+(?:united\s+states|u\.?s\.?)\s+from|lleg[óo]\s+a\s+(?:estados\s+unidos|espa[ñn]a)|came\s+to\s+the\s+(?:united\s+states|u\.?s\.?)|arrived\s+in\s+the\s+(?:united\s+states|u\.?s\.?)|persecution|fleeing|fled|crossed\s+the\s+border|country\s+of\s+origin|estatus\s+legal|regulariza\w+|tarjeta\s+de\s+trabajo|originari[oa]\s+de|(?:al|tras)\s+llegar\s+de|lleg[óo]\s+de\s+(?-i:[A-Z])""",
    "public-benefits": r"""
        (?:public|government|welfare|disability|food|cash|housing)\s+(?:benefits|assistance)|
        welfare|food\s+stamps|public\s+housing|(?-i:WorkFirst)|(?:local|county|department\s+of)\s+social\s+services|los\s+servicios\s+sociales|pensi[óo]n\s+de\s+(?:viudedad|invalidez|orfandad)|(?-i:SNAP|TANF|SSI|SSDI|WIC|EBT)|medicaid|medi-cal|section\s+8|
        (?:receiving|collecting|filed\s+for|file\s+for|applied\s+for|on)\s+unemployment|
        (?:her|his|their|my|an?|the\s+family'?s)\s+(?:initial\s+)?unemployment\s+(?:benefits|insurance|claims?|checks?|compensation)|unemployment\s+(?:ran\s+out|has\s+(?:almost\s+)?run\s+out)|(?-i:UI)\s+claims?|
        cupones\s+de\s+alimentos|estampillas\s+de\s+comida|asistencia\s+p[úu]blica|ayudas?\s+sociales?|
        renta\s+m[íi]nima|ingreso\s+m[íi]nimo\s+vital|prestaci[óo]n\s+por\s+desempleo|
        subsidios?(?:\s+por\s+desempleo)?|seguro\s+de\s+desempleo|beneficios\s+(?:p[úu]blicos|del\s+gobierno|
        de\s+desempleo)""",
    "homelessness": r"""
        (?-i:(?:[Hh]omeless|HOMELESS)\w*(?!\s+[A-Z]))|unhoused|houseless|without\s+a\s+home|sin\s+hogar|sin\s+techo|sinhogarismo|
        (?:living|lived|slept|sleeping)\s+in\s+(?:her|his|their|my|a)\s+(?:car|truck|van)|
        couch[-\s]surf\w*|off\s+the\s+streets?|living\s+out\s+of\s+(?:her|his|their|my|a)\s+(?:car|truck|van)|evict\w+|desahuci\w+|transitional\s+housing|stable\s+housing|
        housing\s+(?:instability|insecur\w+)|on\s+the\s+streets?|albergues?|situaci[óo]n\s+de\s+calle|
        (?:viv|dorm)\w+\s+en\s+la\s+calle(?!\s+[A-ZÁÉÍÓÚÑ\d])|
        (?:homeless|women'?s|domestic\s+violence)\s+shelters?|
        (?-i:(?:in|at|to|from|left|leaving|leave|entered|stayed|staying|living|lived)\s+(?:the\s+|a\s+)?shelter)\b(?!\s+(?:dogs?|animals?|pets?))""",
    "substance-use": r"""
        addict\w*|adicci[óo]n\w*|adict[oa]s?|substance\s+(?:use|abuse|misuse)|abuso\s+de\s+sustancias|
        rehab|sober\w*|sobriety|sobriedad|opioids?|heroin|meth(?:amphetamine)?|cocaine|coca[íi]na|
        overdos\w+|sobredosis|alcoholi\w+|alcoholism\w*|alcohol\s+(?:abuse|addiction|use\s+disorder)|
        drugs?\s+(?:use|abuse|addiction|habit|problem|court|charges?|treatment)|
        (?:abused|using|used|sold|with|on|off)\s+drugs|drug-using|crack\s+(?:epidemic|cocaine)|drugs?\s+and\s+alcohol|drogas|drogodependen\w+|
        consumo\s+de\s+(?:drogas|alcohol|sustancias)|in\s+recovery|
        recovery\s+(?:program|center|community|house|residence|meeting|support|housing|court)|
        recovery\s+from\s+(?:addiction|alcohol\w*|drugs?|substance\w*|opioid\w*)|
        narcotics\s+anonymous|alcoholics\s+anonymous|(?:twelve|12)[-\s]step""",
}

_TOPIC_PATTERNS = {topic: re.compile(r"\b(?:" + re.sub(r"\s+", "", words) + r")\b", _I)
                   for topic, words in TOPIC_WORDS.items()}
TOPICS = tuple(TOPIC_WORDS)

#: For each topic, word fragments one of which every mention contains (in the ASCII
#: pieces that ``[a-z]+`` cuts a word into: "cárcel" gives "rcel"). A text without any
#: is not searched; tests/test_privacy_checks.py checks the list against the corpus.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "health": tuple("""diagn cancer ncer chemo quimio tumor tumour mental illness depression depresi
        anxiety ansiedad ptsd bipolar schizo diabet hiv vih stroke heart surger cirug injur lesi
        hospital chronic medical health enferm recovery covid problems ill ailing accident terapia
        """.split()),
    "disability": tuple("""disabil disabled discapacid discapacit autis wheelchair ruedas blind
        ceguera ciego ciega deaf sord hearing vision impair adhd tdah dyslex dislex palsy lisis
        syndrome ndrome amputa vocational dvr vr needs diversidad movilidad neurodiverg sheltered
        parapleg quadripleg paraly spinal muscular developmental sight""".split()),
    "criminal-record": tuple("""incarcer encarcel prison prisi preso presos jail rcel parole
        condicional felon convict criminal antecedentes justice entry reentry recidiv ex offender
        lawbreak sheet law halfway encerrad sentence served returning formerly arrest sentenced
        correctional inmate reclus locked bars probation penitenc privad condenad delito court
        record records""".split()),
    "immigration": tuple("""refugee refugi asylum asilo undocum indocum immigra inmigra emigra
        migrant migrante migrator green visa visas daca permit permits resettl naturali citizen
        ciudadan deport papeles permiso estatus nuevo country came moved arrived lleg persecution
        flee fleeing fled border origin legal regulariz tarjeta originari llegar""".split()),
    "public-benefits": tuple("""benefits assistance welfare stamps snap tanf ssi ssdi wic ebt medicaid
        medi section unemployment ui cupones estampillas asistencia ayuda ayudas renta ingreso prestaci
        subsidio subsidios desempleo beneficios housing workfirst social sociales pensi""".split()),
    "homelessness": tuple("""homeless unhoused houseless home hogar techo sinhogar car truck van couch
        street streets evict desahuc transitional housing albergue albergues calle shelter shelters
        situaci""".split()),
    "substance-use": tuple("""addict adicci adict adicta adicto substance sustancias rehab sober
        sobriety sobriedad opioid heroin meth cocaine coca overdos sobredosis alcohol alcoholi drug
        drugs drogas drogodep consumo recovery narcotics alcoholics step crack""".split()),
}
_ASCII = re.compile(r"[a-z]+")
#: Every byte that is not a lowercase ASCII letter becomes a space (see :func:`words_of`).
_NOT_LETTER = bytes(c if 97 <= c <= 122 else 32 for c in range(256))


def words_of(lower: str) -> set[str]:
    """The runs of ASCII letters ``[a-z]+`` of a lowercased text, as a set.

    The same set as ``set(re.findall("[a-z]+", lower))``, three times faster:
    each character not in ASCII becomes one '?', then every byte that is not
    a letter a space, and the rest is split.
    """
    return set(lower.encode("ascii", "replace").translate(_NOT_LETTER).decode("ascii").split())


def _wordy(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a word character, as ``\\b`` sees it (False outside the text)."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _places(lower: str, needle: str) -> list[int]:
    """Every offset where ``needle`` occurs in ``lower``, overlapping ones too."""
    out = []
    i = lower.find(needle)
    while i >= 0:
        out.append(i)
        i = lower.find(needle, i + 1)
    return out


def _windows(lower: str, fragment: str, heads: dict[str, list[int]],
             width: int = 70) -> list[tuple[int, int]]:
    """Merged stretches of text around each place ``fragment`` occurs.

    A fragment of four letters or more is looked for where its first four are
    (``heads`` keeps those places for every fragment that starts so); a shorter
    one counts only as a whole word.
    """
    size = len(fragment)
    if size > 4 and fragment not in lower:
        return []  # found at C speed: most fragments whose head is in the text are not
    if size >= 4:
        places = heads.get(fragment[:4])
        if places is None:
            places = heads[fragment[:4]] = _places(lower, fragment[:4])
        if size > 4 and places:
            places = [i for i in places if lower.startswith(fragment, i)]
    else:
        places = []
        i = lower.find(fragment)
        while i >= 0:
            if not (_wordy(lower, i - 1) or _wordy(lower, i + size)):
                places.append(i)
                i = lower.find(fragment, i + size)
            else:
                i = lower.find(fragment, i + 1)
    if not places:
        return []
    merged, last = [], len(lower)
    begin, finish = max(0, places[0] - width), min(last, places[0] + size + width)
    for i in places[1:]:  # in order, all of one size: each stretch ends after the one before
        if i - width <= finish:
            finish = min(last, i + size + width)
        else:
            merged.append((begin, finish))
            begin, finish = i - width, min(last, i + size + width)
    merged.append((begin, finish))
    return merged


def _alternatives(words: str) -> list[str]:
    """The top-level alternatives of a topic's pattern."""
    words = re.sub(r"\s+", "", words)
    out, depth, begin = [], 0, 0
    i = 0
    while i < len(words):
        char = words[i]
        if char == "\\":
            i += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(words[begin:i])
            begin = i + 1
        i += 1
    out.append(words[begin:])
    return [a for a in out if a]


#: (topic, fragment) → a pattern of only the alternatives that contain the fragment.
_BY_FRAGMENT: dict[tuple[str, str], re.Pattern] = {}
for _topic, _words in TOPIC_WORDS.items():
    _alts = _alternatives(_words)
    for _fragment in TRIGGERS[_topic]:
        _subset = [a for a in _alts if _fragment in a.lower()]
        if _subset:
            _BY_FRAGMENT[_topic, _fragment] = re.compile(r"\b(?:" + "|".join(_subset) + r")\b", _I)


_NAME_WORD = re.compile(r"[A-ZÁÉÍÓÚÑ][a-záéíóúñ]")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """A capitalised topic word inside a proper name: "New Roots Refugee Partnership"."""
    word = text[start:end]
    if not _NAME_WORD.match(word):
        return False  # lower case, or an acronym such as SNAP
    after = text[end:end + 40].lstrip(" ")
    before = text[max(0, start - 40):start].rstrip(" ")
    previous = before.split()[-1] if before.split() else ""
    return bool(_NAME_WORD.match(after)) or (bool(_NAME_WORD.match(previous))
                                             and not re.search(r"[.!?:]\W*$", before))


_HEADS = {t: frozenset(f[:4] for f in fs if len(f) >= 4) for t, fs in TRIGGERS.items()}
_SHORT = {t: frozenset(f for f in fs if len(f) < 4) for t, fs in TRIGGERS.items()}
#: topic → {the first four letters of a fragment: the fragments that start so (those with a pattern)}.
_BY_HEAD: dict[str, dict[str, tuple[str, ...]]] = {}
for (_topic, _fragment) in _BY_FRAGMENT:
    if len(_fragment) >= 4:
        _heads = _BY_HEAD.setdefault(_topic, {})
        _heads[_fragment[:4]] = _heads.get(_fragment[:4], ()) + (_fragment,)
_PATTERN_HEADS = {t: frozenset(_BY_HEAD.get(t, {})) for t in TOPICS}
_PATTERN_SHORT = {t: frozenset(f for f in _SHORT[t] if (t, f) in _BY_FRAGMENT) for t in TOPICS}


_HEAD = operator.itemgetter(slice(0, 4))  # a word's first four letters


def topics(text: str, tokens: set[str] | None = None) -> dict[str, list[tuple[int, str]]]:
    """For each sensitive topic ``text`` mentions, the offsets and words of each mention.

    Only the stretches of text around a topic's trigger fragments are searched,
    and only with the alternatives that contain the fragment: a cheap pre-filter
    that keeps the cost of a story small. A fragment is looked for only when a
    word of the text starts with its first four letters (or, for a shorter
    one, is the fragment): a set intersection finds those for each topic.
    """
    lower = text.lower()
    if tokens is None:
        tokens = words_of(lower)
    heads = set(map(_HEAD, tokens))
    places: dict[str, list[int]] = {}  # where each head occurs, found once for every topic
    found: dict[str, list[tuple[int, str]]] = {}
    for topic in TOPICS:
        present = _PATTERN_HEADS[topic].intersection(heads)
        short = _PATTERN_SHORT[topic].intersection(tokens)
        if not present and not short:
            continue
        by_head = _BY_HEAD[topic]
        seen: dict[int, str] = {}
        for fragment in [f for head in present for f in by_head[head]] + list(short):
            pattern = _BY_FRAGMENT[topic, fragment]
            for s, e in _windows(lower, fragment, places):
                for m in pattern.finditer(text, s, e):
                    if _in_a_name(text, m.start(), m.end()):
                        continue
                    if m.start() not in seen or len(m.group(0)) > len(seen[m.start()]):
                        seen[m.start()] = m.group(0)
        if seen:
            found[topic] = sorted(seen.items())
    return found


#: A group of people named by what they have in common: "people with disabilities", "veterans
#: experiencing homelessness", "personas con discapacidad", ending where the topic's word starts.
_GROUP = re.compile(
    r"\b(?:people|individuals|persons|adults|youth|young\s+people|students|workers|employees|clients|"
    r"customers|residents|job\s?seekers|veterans|families|children|kids|patients|those|others|"
    r"personas|j[óo]venes|adult[oa]s|trabajador(?:es|as)|clientes|usuari[oa]s|familias|niñ[oa]s|"
    r"estudiantes|alumn[oa]s|pacientes|quienes)\s+(?:with|experiencing|living\s+with|facing|"
    r"who\s+(?:have|are|experience|live\s+with)|con|en\s+situaci[óo]n\s+de|que\s+(?:tienen|viven\s+con))"
    r"\s+(?:[\w-]+\s+){0,2}$", _I)
#: Words that tie a sentence to one person: then a group mention in it may include them.
_ONE_PERSON = re.compile(r"\b(?:she|he|her|his|him|herself|himself|i|me|my|mine|ella|él)\b", _I)


def about_a_group(text: str, start: int, sentence: tuple[int, int], name: str | None) -> bool:
    """Whether the mention at ``start`` describes a group of people in general ("the agency's
    caregivers help people with disabilities"), in a sentence about no one person (no "she",
    "my", nor the storyteller's name): not a disclosure about the storyteller."""
    s, e = sentence
    if not _GROUP.search(text, max(s, start - 60), start):
        return False
    words = text[s:e]
    return not _ONE_PERSON.search(words) and not (name and re.search(rf"\b{re.escape(name)}\b", words))


_PLACEHOLDERS = (  # each starts with a literal, so a text without it is skipped at C speed
    ("", re.compile(r"(?<![\w-])(?:TODO|TBD|TKTK|TK|XXX+|FIXME|PENDIENTE|POR\s+HACER)(?![\w-])")),
    ("lorem", re.compile(r"\blorem\s+ipsum\b", _I)),
    ("[", re.compile(
        r"\[\s*(?:name|nombre|first\s+name|last\s+name|surname|apellido|date|fecha|partner|socio|"
        r"insert[^\]\n]{0,40}|insertar[^\]\n]{0,40}|add[^\]\n]{0,40}|a[ñn]adir[^\]\n]{0,40}|quote|cita|"
        r"title|t[íi]tulo|city|ciudad|employer|empleador|job|puesto|tbd|todo|xx+)\s*\](?!\()", _I)),
    ("<", re.compile(r"<\s*(?:insert|insertar|add|a[ñn]adir|name|nombre)\b[^>\n]{0,40}>", _I)),
    ("(", re.compile(r"\(\s*(?:add|insert|a[ñn]adir|insertar|put)\s+(?:the\s+|a\s+|una?\s+|la\s+|el\s+)?"
                     r"(?:quote|cita|name|nombre|photo|foto|details?|detalles?|text|texto)[^)\n]{0,30}\)", _I)),
    ("{", re.compile(r"\{\{?\s*(?:name|title|date|summary|nombre|t[íi]tulo|fecha)\s*\}?\}", _I)),
    ("write", re.compile(r"\bwrite\s+(?:the\s+story\s+here|here|something\s+here)\b", _I)),
    ("perspective", re.compile(r"\bfrom\s+the\s+storyteller'?s\s+perspective\s+and\s+in\s+their\s+words\b", _I)),
    ("escrib", re.compile(r"\bescrib[ae]\s+(?:aqu[íi]|la\s+historia\s+aqu[íi])\b", _I)),
    ("doe", re.compile(r"\b(?:jane|john)\s+doe\b", _I)),
    ("lastname", re.compile(r"\bfirstname\s+lastname\b", _I)),
    ("apellido", re.compile(r"\bnombre\s+apellido\b", _I)),
)
_UPPER_MARKS = ("TODO", "TBD", "TK", "XXX", "FIXME", "PENDIENTE", "POR HACER")


def placeholders(text: str) -> list[tuple[int, str]]:
    """Placeholder text left from a template or a draft: offsets and the words found."""
    if not text:
        return []
    lower = text.lower()
    found = []
    for needle, pattern in _PLACEHOLDERS:
        if needle == "":
            if not any(mark in text for mark in _UPPER_MARKS):
                continue
        elif needle not in lower:
            continue
        found += [(m.start(), m.group(0)) for m in pattern.finditer(text)]
    taken, out = set(), []
    for start, words in sorted(found):
        if start not in taken:
            taken.add(start)
            out.append((start, words))
    return out
