"""The words of each role, in English and Spanish: what :mod:`.structure` reads a sentence with.

Verbs are listed by their base and inflected here ("place" → place, places,
placed, placing; "colocar" → colocó, colocado, …). A word keeps the first
role it is listed under.
"""

from __future__ import annotations


def _en(*bases: str) -> list[str]:
    """English verbs with their inflections: 'place' → place, places, placed, placing."""
    out = []
    for base in bases:
        if base.endswith("e"):
            out += [base, base + "s", base + "d", base[:-1] + "ing"]
        elif base.endswith("y") and base[-2] not in "aeiou":
            out += [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
        else:
            out += [base, base + "s", base + "ed", base + "ing"]
    return out


_AR = ("ó", "a", "an", "aron", "ado", "ados", "ada", "adas", "ar", "amos", "ando", "aba", "aban",
       "arlos", "arlas", "arla", "arlo", "arles", "arle", "ará", "arán", "e", "en")
_ER = ("ió", "e", "en", "ieron", "ido", "idos", "ida", "idas", "er", "ir", "imos", "iendo",
       "ía", "ían")


def _es(*stems: str) -> list[str]:
    """Spanish verbs of -ar (stem 'coloc') or -er/-ir (stem 'consegu:er') with their forms."""
    out = []
    for stem in stems:
        if stem.endswith(":er"):
            out += [stem[:-3] + e for e in _ER]
        else:
            out += [stem + e for e in _AR]
    return out


# Roles. Capital letters are roles the model reads; 'w' is any other word.
_LEXICON: dict[str, list[str]] = {
    "WE": ["we", "us", "nosotros", "nosotras", "we're", "we’ve", "we've", "we’re", "hemos"],
    "OUR": ["our", "ours", "nuestro", "nuestra", "nuestros", "nuestras"],
    "ITS": ["its", "their", "sus"],
    "I": ["i", "me", "my", "mine", "myself", "yo", "mí", "mis", "i'm", "i’m", "i've", "i’ve"],
    "ORGN": ["program", "programs", "programme", "programmes", "agency", "agencies", "center",
             "centers", "centre", "centres", "college", "colleges", "staff", "team", "teams",
             "office", "offices", "organization", "organizations", "organisation",
             "organisations", "foundation", "council", "board", "boards", "department",
             "initiative", "project", "partnership", "partnerships", "partners", "services",
             "grant", "grants", "fund", "funds", "funding", "academy", "institute", "union",
             "network", "alliance", "coalition", "clinic", "charity", "nonprofit", "corps",
             "school", "university", "system", "course", "training", "workshop", "bootcamp",
             "counselor", "counselors", "counsellor", "counsellors", "coach", "coaches",
             "instructors", "instructor", "navigator", "navigators", "specialist",
             "specialists", "mentors", "mentor", "manager", "managers", "employees",
             "programa", "programas", "proyecto", "proyectos", "fundación", "entidad",
             "entidades", "asociación", "centro", "centros", "equipo", "organización",
             "servicio", "servicios", "iniciativa", "agencia", "escuela", "academia", "curso",
             "taller", "capacitación", "formación", "obra", "ong", "personal", "técnicos",
             "orientadores", "orientadora", "orientador", "acompañamiento", "socio", "socios"],
    "PEOPLE": ["clients", "client", "participants", "participant", "graduates", "graduate",
               "grads", "grad", "trainees", "trainee", "students", "student", "customers",
               "customer", "seekers", "jobseekers", "jobseeker", "enrollees", "candidates",
               "candidate", "apprentices", "apprentice", "alumni", "alumnus", "alumna", "interns",
               "intern", "residents", "youth", "youths", "workers", "worker", "veterans",
               "people", "individuals", "men", "women", "members", "scholars", "recipients",
               "cohort", "class", "welders", "nurses", "adults", "families", "kids",
               "hires", "placements", "mentees", "fellows", "americans",
               "participantes", "usuarios", "usuarias", "usuario", "usuaria", "beneficiarios",
               "beneficiarias", "alumnos", "alumnas", "jóvenes", "personas", "egresados",
               "egresadas", "graduados", "graduadas", "aprendices", "trabajadores",
               "trabajadoras", "candidatos", "candidatas", "estudiantes", "mujeres", "hombres",
               "internos", "reclusos", "parados", "desempleados", "familias", "chicos", "chicas"],
    "PRO": ["her", "him", "them", "she", "he", "they", "la", "le", "lo", "los", "las", "les",
            "ella", "él", "ellos", "ellas"],
    "OUT": ["job", "jobs", "work", "employment", "career", "careers", "position", "positions",
            "placement", "role", "credential", "certificate", "degree", "life", "lives", "future",
            "futures", "success", "successes", "wage", "wages", "paycheck", "internship",
            "apprenticeship", "promotion", "raise", "hire", "offer", "offers", "workforce",
            "empleo", "empleos", "trabajo", "trabajos", "puesto", "puestos", "contrato",
            "contratos", "inserción", "vida", "vidas", "futuro", "éxito", "carrera", "ocupación",
            "empleabilidad", "reinserción", "realidades", "emancipación"],
    "CAUSE": _en("place", "land", "secure", "transform", "change", "save", "rescue", "launch",
                 "produce", "graduate", "mold", "mould", "steer", "turn", "guarantee",
                 "ensure", "employ", "connect", "match") +
             ["got", "gets", "get", "getting", "gotten", "found", "finds", "put", "puts",
              "putting", "made", "makes", "making",
              "brought", "brings", "took", "takes", "led", "leads", "lifted", "pulled",
              "delivered", "obtained", "churned", "placement", "placements"] +
             _es("coloc", "insert", "ubic", "transform", "cambi", "rescat", "salv", "logr",
                 "gestion", "facilit", "emple", "lanz", "sac", "integr", "incorpor", "devolv:er",
                 "consegu:er", "obten:er") +
             ["consigue", "consiguen", "consiguió", "consiguieron", "dio", "dieron", "dado",
              "da", "dan", "devuelve", "logra", "logran", "logro", "inserta", "insertó"],
    "HELP": _en("help", "assist", "enable", "allow", "support") +
            _es("ayud", "permit:er", "apoy", "acompañ") + ["permitió", "permite"],
    "GIVE": _en("offer", "provide", "teach", "pay", "fund", "host", "refer", "coach", "train",
                "prepare", "cover", "run", "serve", "sponsor", "donate") +
            ["taught", "paid", "ran", "runs", "gave", "gives", "giving", "given", "give"] +
            _es("ofrec:er", "brind", "imparti:er", "proporcion", "financi", "pag", "capacit",
                "form", "orient", "cubr:er", "don") + ["ofreció", "ofrece", "ofrecen"],
    "ACT": _en("find", "obtain", "gain", "reach", "achieve", "accomplish", "earn", "start",
               "secure", "land", "succeed", "become", "complete", "finish", "overcome") +
           ["found", "became", "won", "works", "working", "hired", "employed", "encontrar", "encontró", "encontraron", "encuentren",
            "conseguir", "obtener", "lograr", "alcanzar", "acceder", "insertarse",
            "superar", "reach"],
    "CREDIT": ["thanks", "because", "due", "without", "through", "gracias", "debido", "sin",
               "mediante", "merced", "credit", "owe", "owes", "owed", "result", "resultado",
               "via", "thru"],
    "PASS": ["was", "were", "been", "being", "be", "is", "are", "got", "get", "gets", "fue",
             "fueron", "sido", "son", "es", "han", "ha", "será", "serán", "siendo", "quedó",
             "quedaron", "resultaron"],
    "POSSIBLE": ["possible", "posible", "posibles", "responsible", "responsable", "responsables"],
    "WIN": ["success", "successes", "win", "wins", "victory", "achievement", "achievements",
            "proud", "proudly", "proof", "testament", "example", "impact", "record",
            "éxito", "éxitos", "logro", "logros", "orgullo", "orgullosos", "orgullosas",
            "ejemplo", "muestra", "prueba", "casos", "caso", "historias", "stories", "story",
            "exitosa", "exitoso", "goal", "goals"],
    "SAY": ["says", "said", "say", "explains", "explained", "recalls", "recalled", "adds",
            "added", "notes", "noted", "tells", "told", "shares", "shared", "reflects",
            "dice", "dijo", "explica", "explicó", "cuenta", "contó", "afirma", "afirmó",
            "asegura", "aseguró", "señala", "señaló", "comenta", "comentó", "relata", "manifestó",
            "según", "according"],
    "NEG": ["not", "never", "no", "nunca", "n't", "wouldn't", "couldn't", "wouldn’t", "couldn’t"],
    "MODAL": ["would", "could", "might", "habría", "podría", "hubiera", "hubiese", "wouldn't",
              "couldn't", "wouldn’t", "couldn’t"],
    "PREP": ["at", "in", "with", "by", "for", "from", "to", "of", "into", "on", "about", "like",
             "en", "con", "por", "para", "de", "del", "a", "al", "desde", "hacia", "entre"],
    "DET": ["the", "a", "an", "this", "that", "these", "those", "el", "la", "los", "las", "un",
            "una", "este", "esta", "estos", "estas", "ese", "esa"],
    "POSS": ["'s", "’s"],
    "AID": ["assistance", "help", "support", "guidance", "efforts", "effort", "work", "services",
            "apoyo", "ayuda", "asistencia", "esfuerzo", "esfuerzos", "labor", "trabajo",
            "intervention", "involvement", "resources", "recursos"],
    "ONE": ["one", "uno", "una", "another", "otro", "otra", "latest", "newest", "último",
            "última"],
    "AND": ["and", "y", "e", "or", "o", "but", "pero"],
}
# A word keeps its first role: the order above is the order of precedence.
ROLE: dict[str, str] = {}
for _role, _words in _LEXICON.items():
    for _word in _words:
        ROLE.setdefault(_word, _role)
for _word in ("the", "a", "la", "las", "los", "una"):
    ROLE[_word] = "DET"
ROLE["ha"] = "PASS"
ROLE["got"] = "CAUSE"  # 'got her a job'; 'got placed' is read by the passive rule

#: Capitalised words that make a name an organisation's.
ORG_HEADS = frozenset("""college colleges corps works center centre services service foundation
council board institute alliance network goodwill academy university partnership program
programme project agency department office union coalition clinic inc llc ymca ywca
fundación programa proyecto asociación centro cáritas caixa obra ministerio servicio
instituto escuela universidad cruz red iniciativa workforce careerlink worksource
youthbuild incorpora reincorpora""".split())
