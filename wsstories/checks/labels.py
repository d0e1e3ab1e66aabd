"""The deficit labels and rescue phrases, each with a respectful alternative, as data.

One line a label: its words (a word; a prefix ending in ``*``; ``@P`` for any
noun for people), then ``|`` and what to write instead. English and Spanish
share the table; :mod:`.wording` finds them in a story's sentences.
"""

from __future__ import annotations

# words (a word, a prefix with '*', '@P' for a noun for people), alternative
LABELS = """
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
offender|a person with a conviction, or a person returning from prison
offenders|people with a conviction, or people returning from prison
inmate|a person who is incarcerated, or a person returning from prison
inmates|people who are incarcerated, or people returning from prison
criminals|people with a conviction
former felon*|a person with a felony conviction
former offender*|a person with a conviction
former inmate*|a person returning from prison
former addict*|a person in recovery
wrong side of the law|say what happened, only if the storyteller chose to share it
life of crime|say what happened, only if the storyteller chose to share it
lives of crime|say what happened, only if the storyteller chose to share it
gang banger*|name the person
gangbanger*|name the person
working poor|people with low incomes, or workers earning low wages
poor @P|people with low incomes
the unemployed|people looking for work
the jobless|people looking for work
the incarcerated|people who are incarcerated
the mentally ill|people with mental illness
the handicapped|disabled people, or people with disabilities
the less fortunate|people with low incomes
street people|people experiencing homelessness
vagrant*|people experiencing homelessness
bums|people experiencing homelessness
mentally retarded|people with an intellectual disability
retarded|people with an intellectual disability
slow learner*|name what the person was learning
illiterate|learning to read, or name what the person was learning
uneducated|people without a diploma yet, or name their schooling
deadbeat*|name the person
lost soul*|name the person
rock bottom|say what the person did next
second chances|a new start that the person made
saved her life|say what the person did
saved his life|say what the person did
saved their life|say what the person did
saved their lives|say what the person did
saved lives|say what the person did
saves lives|say what the person did
saving lives|say what the person did
saved them|say what the person did
off welfare|say what the person did, e.g. 'found steady work'
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
delincuente*|una persona con antecedentes
ex delincuente*|una persona con antecedentes
exdelincuente*|una persona con antecedentes
exconvict*|una persona que sale de prisión
los pobres|personas con bajos ingresos
sin techo|personas sin hogar
sintecho|personas sin hogar
excluid*|personas que enfrentan barreras
retrasad*|personas con discapacidad intelectual
subnormal*|personas con discapacidad intelectual
tocar fondo|diga lo que hizo la persona
tocó fondo|diga lo que hizo la persona
mal camino|diga lo que pasó, solo si la persona quiso contarlo
segundas oportunidades|un nuevo comienzo que la persona construyó
salvó su vida|diga lo que hizo la persona
salvó sus vidas|diga lo que hizo la persona
salvaron su vida|diga lo que hizo la persona
salvaron sus vidas|diga lo que hizo la persona
salva vidas|diga lo que hizo la persona
salvó vidas|diga lo que hizo la persona
"""
PEOPLE_WORDS = frozenset("""person persons people man men woman women youth youths kid kids
individual individuals veteran veterans family families adult adults student students worker
workers job seeker seekers jobseekers mother mothers father fathers parent parents teen teens
vets youngsters children girls boys residents citizens folks
persona personas hombre hombres mujer mujeres joven jóvenes familia familias niños niñas
chicos chicas ciudadanos vecinos""".split())
GIVE = frozenset("gave give gives giving given offered offers offer dar dio da dan brindar brindó "
                  "ofrece ofreció ofrecer darle darles".split())
POSSESSIVE = frozenset("her his their my our its su sus mi".split())


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


EXACT, PREFIX = _parse(LABELS)
