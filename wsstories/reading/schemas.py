"""The content model, declared: every field of every kind of file, once.

The descriptions here are the ones staff read in error messages, so they are
written for people who are not developers. ``docs/writing-a-story.md``
explains the same fields at length.
"""

from __future__ import annotations

from .schema import Field, Forbidden

NAMINGS = ("full", "first", "pseudonym", "anonymous")
STATUSES = ("draft", "review", "published")
SCOPES = ("web", "feed", "search", "photo", "print", "social")
DEFAULT_SCOPE = ("web", "feed", "search")
SENSITIVE_TOPICS = ("health", "disability", "criminal-record", "immigration",
                    "public-benefits", "homelessness", "substance-use")
PARTNER_TYPES = ("business", "cbo", "government", "foundation", "labor", "semi-public")
AUDIENCES = ("job-seeker", "employer")
CREDENTIAL_TYPES = ("secondary-diploma", "associate", "bachelor", "graduate",
                    "occupational-licence", "occupational-certification",
                    "occupational-certificate", "apprenticeship", "other")
SKILL_GAIN_KINDS = ("educational-level", "diploma", "transcript", "training-milestone",
                    "skills-exam")

OWNERSHIP = Forbidden(
    keys=frozenset({
        "owner", "owners", "owned_by", "lead", "lead_partner", "lead_partners", "lead_agency",
        "lead_organization", "lead_organisation", "lead_org", "primary_partner", "main_partner",
        "presented_by", "presenter", "sponsor", "sponsors", "sponsored_by", "submitted_by",
        "submitter", "author", "authors", "written_by", "credit", "credits", "credited_to",
        "brought_to_you_by", "on_behalf_of", "agency", "organization", "organisation",
        "case_manager", "counselor", "counsellor", "staff",
    }),
    rule="ownership-field",
    reason="no partner owns a story. The success belongs to the storyteller, and every "
           "partner that took part is listed equally under 'partners:' with what it contributed",
)

RANKING = Forbidden(
    keys=frozenset({
        "lead", "primary", "role", "order", "rank", "ranking", "weight", "priority", "tier",
        "level", "size", "budget", "sponsorship", "sponsor", "funding", "amount", "featured",
        "highlight", "prominent",
    }),
    rule="ownership-ranking",
    reason="every partner is shown with the same weight, so there is no size, tier, budget, "
           "rank or sponsorship; partners are always listed by name",
)

PARTNER_CREDIT = Field("map", doc="a partner that took part and what it contributed", fields={
    "partner": Field("id", required=True, doc="the id of a file in partners/"),
    "contribution": Field("text", required=True, max_len=120,
                          doc="what this partner did, in a few plain words"),
})

PHOTO = Field("map", doc="a photo of the storyteller", fields={
    "file": Field("path", required=True, doc="the image's path in the source, like media/maria.jpg"),
    "alt": Field("text", max_len=250,
                 doc="a short description of the photo for people who cannot see it"),
    "decorative": Field("bool", doc="true if the photo adds nothing a description could say"),
    "identifiable": Field("bool", doc="false if the person cannot be recognized in the photo"),
})


def _outcome(**fields: Field) -> dict[str, Field]:
    return {**fields, "as_of": Field("month", doc="the month the outcome was true, YYYY-MM")}


_NAME = Field("text", max_len=200)
_COUNT = Field("int", required=True, minimum=1, doc="a whole number of 1 or more")
OUTCOME_TYPES: dict[str, dict[str, Field]] = {
    "employed": _outcome(
        occupation=Field("text", required=True, max_len=200, doc="the job, in plain words"),
        employer=Field("text", max_len=200),
        soc=Field("text", doc="an O*NET-SOC code such as 29-1141 or 29-1141.00"),
    ),
    "hourly-wage": _outcome(value=Field("number", required=True, minimum=0, exclusive_minimum=True,
                                        doc="US dollars an hour")),
    "annual-wage": _outcome(value=Field("number", required=True, minimum=0, exclusive_minimum=True,
                                        doc="US dollars a year")),
    "credential": _outcome(
        name=Field("text", required=True, max_len=200, doc="the credential's name"),
        credential_type=Field("choice", choices=CREDENTIAL_TYPES),
    ),
    "skill-gain": _outcome(kind=Field("choice", choices=SKILL_GAIN_KINDS)),
    "retained-q2": _outcome(),
    "retained-q4": _outcome(),
    "education-enrolled": _outcome(name=_NAME),
    "promotion": _outcome(name=_NAME),
    "business-started": _outcome(name=_NAME),
    "hires": _outcome(value=_COUNT),
    "apprentices": _outcome(value=_COUNT),
    "staff-trained": _outcome(value=_COUNT),
    "retention": _outcome(value=Field("number", required=True, minimum=0, maximum=100,
                                      doc="a percentage from 0 to 100")),
}

STORY: dict[str, Field] = {
    "title": Field("text", required=True, max_len=150, doc="the headline, in plain text"),
    "summary": Field("text", required=True, max_len=300, doc="one or two sentences, 300 characters at most"),
    "date": Field("date", required=True, doc="the publication date, YYYY-MM-DD"),
    "goal": Field("id", required=True, doc="the id of a file in goals/"),
    "status": Field("choice", choices=STATUSES, doc="draft, review or published"),
    "storyteller": Field("map", required=True, doc="who tells the story", fields={
        "name": Field("text", required=True, max_len=100, doc="exactly the name to show"),
        "naming": Field("choice", required=True, choices=NAMINGS,
                        doc="full, first, pseudonym or anonymous"),
        "minor": Field("bool", doc="true when the storyteller is under 18"),
    }),
    "partners": Field("list", required=True, min_items=1, item=PARTNER_CREDIT,
                      doc="every partner that took part, each with its contribution"),
    "quote": Field("text", max_len=600, doc="the storyteller's own words"),
    "quote_lang": Field("lang", doc="the quote's language, when it is not the story's"),
    "photo": PHOTO,
    "outcomes": Field("list", item=Field("variant", key="type", variants=OUTCOME_TYPES)),
    "consent": Field("map", doc="the storyteller's recorded consent", fields={
        "ref": Field("text", max_len=60,
                     doc="the reference of the signed consent form, never a name"),
        "date": Field("date", doc="when the storyteller gave informed consent"),
        "reviewed": Field("date", doc="when the storyteller approved the final text"),
        "expires": Field("date", doc="the last day the consent is valid"),
        "scope": Field("list", item=Field("choice", choices=SCOPES)),
        "withdrawn": Field("date", doc="when the storyteller withdrew consent"),
        "guardian": Field("date", doc="when a parent or guardian consented, for a minor"),
        "sensitive_reviewed": Field("date", doc="when the sensitive topics were reviewed"),
    }),
    "sensitive": Field("list", item=Field("choice", choices=SENSITIVE_TOPICS)),
    "lang": Field("lang", doc="the language of the story, like en or es"),
    "translation_of": Field("id", doc="the id of the story this one translates"),
}

#: The description (the text below the front matter) translated, in Markdown.
_DESCRIPTION = Field("text", max_len=20_000,
                     doc="the text below the front matter, translated (Markdown; use | and "
                         "indented lines)")

PARTNER: dict[str, Field] = {
    "name": Field("text", required=True, max_len=120, doc="the partner's name"),
    "type": Field("choice", required=True, choices=PARTNER_TYPES,
                  doc="business, cbo, government, foundation, labor or semi-public"),
    "url": Field("url", doc="the partner's web site"),
    "logo": Field("map", fields={
        "file": Field("path", required=True, doc="the logo's path in the source"),
        "alt": Field("text", required=True, max_len=250, doc="the logo's text, usually the name"),
    }),
    "translations": Field("translations", doc="the name and description in the site's other "
                          "languages, like es:", fields={
        "name": Field("text", max_len=120, doc="the partner's name in that language, if it has one"),
        "description": _DESCRIPTION,
        "logo_alt": Field("text", max_len=250, doc="the logo's text in that language"),
    }),
}

GOAL: dict[str, Field] = {
    "title": Field("text", required=True, max_len=80, doc="the goal in the customer's words"),
    "audience": Field("choice", required=True, choices=AUDIENCES, doc="job-seeker or employer"),
    "order": Field("int", doc="position in listings"),
    "translations": Field("translations", doc="the title and description in the site's other "
                          "languages, like es:", fields={
        "title": Field("text", max_len=80, doc="the goal in the customer's words, translated"),
        "description": _DESCRIPTION,
    }),
}

CELEBRATION: dict[str, Field] = {
    "title": Field("text", required=True, max_len=150),
    "date": Field("date", required=True),
    "summary": Field("text", required=True, max_len=300),
    "stories": Field("list", item=Field("id"), doc="ids of the stories it celebrates"),
    "partners": Field("list", item=PARTNER_CREDIT),
    "status": Field("choice", choices=STATUSES),
    "translations": Field("translations", doc="the title, summary and text in the site's other "
                          "languages, like es:", fields={
        "title": Field("text", max_len=150, doc="the title, translated"),
        "summary": Field("text", max_len=300, doc="the summary, translated"),
        "body": Field("text", max_len=20_000,
                      doc="the text below the front matter, translated (Markdown; use | and "
                          "indented lines)"),
    }),
}

MEASURE_IDS = ("stories", "employed", "median-hourly-wage", "median-annual-wage", "credentials",
               "skill-gains", "retained-q2", "retained-q4", "education-enrolled", "promotions",
               "businesses-started", "hires", "apprentices", "staff-trained", "median-retention")
MILESTONE_MEASURES = ("stories", "employed", "credentials", "skill-gains", "promotions",
                      "businesses-started", "hires", "apprentices", "staff-trained")

SETTINGS: dict[str, Field] = {
    "title": Field("text", required=True, max_len=120, doc="the site's name"),
    "base_url": Field("url", required=True, doc="where the site is published, like https://stories.example.org/"),
    "language": Field("lang", doc="the site's language, like en"),
    "languages": Field("list", item=Field("lang"), doc="the site's languages, the first the default"),
    "description": Field("text", max_len=300),
    "translations": Field("translations", doc="the title and description in the site's other "
                          "languages: [translations.es]", fields={
        "title": Field("text", max_len=120, doc="the site's name in that language"),
        "description": Field("text", max_len=300),
    }),
    "consent_years": Field("int", minimum=1, maximum=10,
                           doc="how many years consent lasts when a story gives no expiry"),
    "min_count": Field("int", minimum=1, doc="the fewest stories a published figure may count"),
    "theme": Field("path", doc="a folder of templates that override the default theme"),
    "partnership": Field("text", max_len=120, doc="the partnership's name, for the footer; the title by default"),
    "logo": Field("path", doc="the site's logo in media/ (PNG, JPEG, WebP or GIF); the theme's mark by default"),
    "favicon": Field("path", doc="the browser tab's icon in media/ (a square PNG); the theme's by default"),
    "featured": Field("id", doc="the id of the story shown first on the home page; the newest by default"),
    "benchmarks": Field("list", item=Field("map", fields={
        "outcome": Field("choice", required=True, choices=MEASURE_IDS, doc="the figure to measure"),
        "goal": Field("id", doc="a goal's id; leave out for all goals"),
        "program_year": Field("text", required=True, doc="like PY2026 (July 1, 2026 – June 30, 2027)"),
        "target": Field("number", required=True, minimum=0, exclusive_minimum=True),
        "label": Field("text", required=True, max_len=120, doc="what the benchmark is, in plain words"),
        "translations": Field("translations", doc="the label in the site's other languages: "
                              "[benchmarks.translations.es]", fields={
            "label": Field("text", max_len=120, doc="what the benchmark is, translated"),
        }),
    })),
    "milestones": Field("list", item=Field("map", fields={
        "outcome": Field("choice", required=True, choices=MILESTONE_MEASURES),
        "every": Field("int", required=True, minimum=1, doc="celebrate at every multiple of this"),
    })),
    "publish": Field("map", fields={
        "target": Field("choice", choices=("git", "folder", "rsync"),
                        doc="git, folder or rsync (or say where on the command line)"),
        "remote": Field("text", doc="for git: the remote's URL or path"),
        "branch": Field("text", doc="for git: the branch to publish to (default gh-pages)"),
        "path": Field("text", doc="for folder: the folder to publish into"),
        "destination": Field("text", doc="for rsync: user@host:path"),
        "base_url": Field("url", doc="the address the target serves; site.toml's by default"),
        "allow_example": Field("bool", doc="true to publish init's example story, consent "
                                            "reference or address anyway (default false)"),
    }),
    "contact": Field("map", doc="the partnership's public contact: in the footer, the accessibility "
                     "statement and every review packet (whom storytellers contact about their "
                     "story and consent)", fields={
        "name": Field("text", max_len=120,
                      doc="a person or an office, like Consent coordinator, Harbor Workforce Council"),
        "email": Field("text", max_len=200, doc="an e-mail address, like consent@example.org"),
        "phone": Field("text", max_len=40, doc="a phone number, like (555) 010-0199"),
        "url": Field("url", doc="a contact page"),
    }),
    "privacy": Field("map", fields={
        "case_patterns": Field("list", item=Field("text"),
                               doc="regular expressions that match the partnership's case numbers"),
    }),
}
