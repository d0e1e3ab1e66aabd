"""The site's shared values: what several pages show, worked out once per build.

A :class:`SiteView` reads the site model for one language and returns plain
values for the templates; only the stories chosen by
:meth:`Site.visible_stories` ever reach it. Partners are always listed by
name, never by order written or by number of stories. While a page is made,
the view records what of the site it reads (:mod:`.reads`), so that the
page's key covers exactly that; figures are shown by :mod:`.figureviews`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from markupsafe import Markup

from ..model import Celebration, Partner, Site, Story
from ..publication import allows
from ..reading import mediafiles
from ..reading.schemas import AUDIENCES
from . import celebrate, i18n, images, outcomes, sharing, translated
from . import urls as u
from .figureviews import FigureViews
from .markup import Links, Renderer
from .reads import Reads, Recorded

RELATED_COUNT = 3


@dataclass
class SiteView(Reads, FigureViews):
    """The values that several pages share, computed once per build."""

    site: Site
    urls: u.Urls
    drafts: bool
    lang: str | None = None  # the interface language; the site's first by default
    translations: object = None  # gettext translations for ``lang``
    renderer: Renderer = field(default_factory=Renderer)
    media: set[str] = field(default_factory=set)
    image_cache: images.Cache = field(default_factory=images.NoCache)
    files: dict[str, bytes] = field(default_factory=dict)  # made while rendering, to write
    figures: list | None = None  # the site's figures, if already worked out (the same in every language)
    milestones: list | None = None
    key: str = ""  # a key of everything every page of this view depends on (set by the build)
    memory: dict = field(default_factory=dict)  # Markdown rendered by earlier builds
    media_of: dict = field(default_factory=dict)  # a Markdown text's digest → the media it uses
    feed_wanted: set = field(default_factory=set)  # texts whose HTML the feeds take from the workers
    figures_key: str | None = None  # a key of ``figures`` and ``milestones`` (set by the build)

    def __post_init__(self) -> None:
        settings = self.site.settings
        self.lang = self.lang or settings.language
        self.prefix = "" if self.lang == settings.language else f"{self.lang}/"
        self.multilingual = len(settings.languages) > 1
        self.settings = translated.settings_in(settings, self.lang)  # title, description in lang
        self._all = self.site.visible_stories(drafts=self.drafts)
        self._shown = tuple(s for s in self._all if not self.multilingual or s.lang == self.lang)
        self._by_id = {s.id: s for s in self._all}
        self.visible: dict[str, Story] = Recorded(self, "story")  # by id, every language
        dict.update(self.visible, self._by_id)
        import gettext as _gettext
        t = self.translations or _gettext.NullTranslations()
        self._, self.ngettext = t.gettext, t.ngettext
        self.partners = sorted(self.site.partners.values(), key=lambda p: self.partner_key(p.id))
        # Figures and milestones count published stories only, even in a --drafts preview.
        if self.figures is None:
            self.figures = outcomes.figures(self.site)  # originals only: translations count once
        if self.milestones is None:
            self.milestones = celebrate.milestones(self.site)
        self._celebrations = published_celebrations(self.site)
        self._rendered: dict[str, tuple[Markup, set[str], tuple[str, ...]]] = {}  # text → HTML, media, links
        # Indexes, so that no page scans every story.
        self.by_goal: dict[str, list[Story]] = Recorded(self, "goal-stories")
        self.by_partner: dict[str, list[tuple[Story, str]]] = Recorded(self, "partner-stories")
        for story in self._shown:
            self.by_goal.setdefault(story.goal, []).append(story)
            for credit in story.credits:
                self.by_partner.setdefault(credit.partner, []).append((story, credit.contribution))
        self._place = {s.id: i for group in dict.values(self.by_goal) for i, s in enumerate(group)}
        self._cards: dict[str, dict] = {}
        self._keys: dict[str, str] = {}
        self._versions: dict[str, list[Story]] = {}
        for story in self._all:
            self._versions.setdefault(story.translation_of or story.id, []).append(story)
        self.identity = {
            "partnership": settings.partnership or settings.title,
            "logo": settings.logo, "favicon": settings.favicon,
            "contact": {k: v for k, v in settings.contact.items() if v},
        }
        self.media |= {m for m in (settings.logo, settings.favicon) if m}

    def _version(self, kind: str, key: str) -> str:
        if kind == "story":
            story = self._by_id.get(key)
            return self.story_key(story) if story is not None else "gone"
        if kind == "link":
            return str(self._story_link(key))
        if kind == "group":
            return repr([(s.id, s.lang) for s in self._versions.get(key, ())])
        if kind in ("goal-stories", "partner-stories"):
            index = self.by_goal if kind == "goal-stories" else self.by_partner
            chosen = dict.items(index) if key == "*" else [(key, dict.get(index, key, ()))]
            return repr([(k, [s.id if isinstance(s, Story) else (s[0].id, s[1]) for s in v])
                         for k, v in chosen])
        if kind == "stories":
            return ",".join(s.id for s in (self._all if key == "*" else self._shown))
        if kind == "figures":
            return str(self.figures_key)
        if kind == "celebrations":
            return repr(self._celebrations)
        raise ValueError(f"unknown read {(kind, key)!r}")

    @property
    def stories(self) -> tuple[Story, ...]:
        """The visible stories of this language's pages, newest first."""
        self.read("stories")
        return self._shown

    @property
    def all_visible(self) -> tuple[Story, ...]:
        """The visible stories of every language."""
        self.read("stories", "*")
        return self._all

    @property
    def celebrations(self) -> list[Celebration]:
        self.read("celebrations")
        return self._celebrations

    def by_goal_in_order(self) -> list[Story]:
        """This language's stories goal by goal (goals by id), each goal's newest first: a story
        next to the neighbours whose pages show its card."""
        return [s for ident in sorted(dict.keys(self.by_goal)) for s in dict.__getitem__(self.by_goal, ident)]

    def stories_in(self, lang: str) -> tuple[Story, ...]:
        """The visible stories of the pages in ``lang``."""
        if not self.multilingual:
            return self.all_visible
        return tuple(s for s in self.all_visible if s.lang == lang)

    def featured(self) -> Story | None:
        """The story shown first on the home page: site.toml's ``featured`` (in this
        language if it is translated), or else the newest."""
        self.read("stories")
        chosen = self.site.settings.featured
        if chosen in self._by_id:
            original = self._by_id[chosen].translation_of or chosen
            mine = {s.id for s in self._shown}
            for story in self._versions.get(original, ()):
                if story.id in mine:
                    return story
        return self._shown[0] if self._shown else None

    def story_key(self, story: Story) -> str:
        """A key of everything about one story that its pages and cards show."""
        known = self._keys.get(story.id)
        if known is None:
            known = self._keys[story.id] = self._story_key(story)
        return known

    def _story_key(self, story: Story) -> str:
        key = f"{story.digest or repr(story)}:{story.decision!r}:{self.site.notes.get(story.path)!r}"
        if story.translation_of:  # it shares its original's consent
            key += repr(story.consent)
        if story.photo is not None:
            try:
                info = os.stat(self.site.source / story.photo.file)
                key += f":{story.photo.file}:{info.st_size}:{info.st_mtime_ns}"
            except OSError:
                key += ":no-photo"
        return key

    # Links inside Markdown -------------------------------------------------

    def _story_link(self, ident: str) -> str | None:
        story = self._by_id.get(ident)
        return self.urls.link(self.story_path(story)) if story is not None else None

    # Paths: other languages than the first live under /<lang>/ ------------------

    def lang_prefix(self, lang: str) -> str:
        return "" if lang == self.site.settings.language else f"{lang}/"

    def story_path(self, story: Story) -> str:
        return f"{self.lang_prefix(story.lang)}stories/{story.id}/"

    def path(self, page: str) -> str:
        return self.prefix + page

    def versions(self, story: Story) -> list[dict]:
        """The story in every language it is published in (itself included), for a switcher."""
        self.read("group", story.translation_of or story.id)
        group = self._versions.get(story.translation_of or story.id, ())
        if len(group) < 2:
            return []
        return [{"lang": s.lang, "name": i18n.language_name(s.lang), "url": self.story_path(s),
                 "current": s.id == story.id} for s in sorted(group, key=lambda s: s.lang)]

    def page_versions(self, bare: str) -> list[dict]:
        """A listing page in each of the site's languages, for the switcher (stories have their own)."""
        if not self.multilingual or bare.startswith("stories/") or bare == "404.html":
            return []
        return [{"lang": lang, "name": i18n.language_name(lang), "url": self.lang_prefix(lang) + bare,
                 "current": lang == self.lang} for lang in self.site.settings.languages]

    def markdown(self, text: str) -> Markup:
        """The safe HTML of some Markdown; each text is rendered once (page and feeds share it).

        ``memory`` (kept by a :class:`~wsstories.build.Builder` between
        builds) holds earlier renderings with the story links they used; one
        is reused only while each of those links still resolves the same way.
        """
        cached = self._rendered.get(text)
        if cached is None:
            remembered = self.memory.get((self.urls.base_url, text))
            if remembered is not None and all(self._story_link(ident) == url
                                              for ident, url in remembered[2].items()):
                cached = (Markup(remembered[0]), remembered[1], tuple(remembered[2]))
            else:
                used: dict[str, str | None] = {}

                def story_url(ident: str) -> str | None:
                    used[ident] = self._story_link(ident)
                    return used[ident]

                links = Links(story_url=story_url, media_url=self.urls.link)
                html = self.renderer.render(text, links)
                self.memory[(self.urls.base_url, text)] = (html, frozenset(links.media), used)
                cached = (Markup(html), links.media, tuple(used))
            self._rendered[text] = cached
        self.media |= cached[1]
        for ident in cached[2]:  # the page shows where each story link goes (or that it goes nowhere)
            self.read("link", ident)
        return cached[0]

    # Goals' and partners' words in this language ----------------------------

    def _pick(self, item, field: str, original: str, required: bool = True) -> translated.Text:
        return translated.pick(item.translations, field, original, self.lang,
                               self.site.settings.language, required)

    def goal_title(self, ident: str) -> translated.Text:
        goal = self.site.goals[ident]
        return self._pick(goal, "title", goal.title)

    def partner_name(self, ident: str) -> translated.Text:
        partner = self.site.partners[ident]
        return self._pick(partner, "name", partner.name, required=False)

    def partner_key(self, ident: str) -> tuple[str, str]:
        """Partners are listed alphabetically by the name shown in this language."""
        return (self.partner_name(ident).casefold(), ident)

    def _description(self, item) -> translated.Text:
        return self._pick(item, "description", item.description)

    def _excerpt(self, item) -> translated.Text:
        text = self._description(item)
        return translated.Text(excerpt(text), text.lang, text.fallback)

    def description_html(self, item) -> Markup:
        text = self._description(item)
        return translated.prose(self.markdown(text), text, self._, self.lang)

    # Views -----------------------------------------------------------------

    def card(self, story: Story) -> dict:
        self.read("story", story.id)
        card = self._cards.get(story.id)
        if card is None:
            goal = self.site.goals[story.goal]
            card = self._cards[story.id] = {
                "id": story.id, "url": self.story_path(story), "title": story.title,
                "summary": story.summary, "date": story.date, "goal_title": self.goal_title(goal.id),
                "draft": not story.published}
        return card

    def featured_card(self, story: Story) -> dict:
        """A story card with the storyteller's words and photo, for the top of the home page."""
        return {**self.card(story), "quote": story.quote, "quote_lang": story.quote_lang or story.lang,
                "lang": story.lang, "photo": self.photo(story),
                "name": None if story.storyteller.naming == "anonymous" else story.storyteller.name}

    def related(self, story: Story) -> list[Story]:
        """The stories that follow this one in its goal, newest first, wrapping round to the newest.

        Neighbours rather than the goal's newest few: every story page points
        somewhere different, and an edit touches only its neighbours' pages.
        """
        group = self.by_goal.get(story.goal, [])
        if story.id not in self._place:
            return []
        here, count = self._place[story.id], len(group)
        return [group[(here + step) % count] for step in range(1, min(RELATED_COUNT, count - 1) + 1)]

    def story(self, story: Story) -> dict:
        credits = sorted(story.credits, key=lambda c: self.partner_key(c.partner))
        page_url = self.urls.absolute(self.story_path(story))
        image = self.urls.absolute(f"{self.story_path(story)}share.png") if allows(story, "social") else None
        photo = self.photo(story)
        return {
            **self.card(story),
            "name": story.storyteller.name,
            "naming": story.storyteller.naming,
            "lang": story.lang,
            "quote": story.quote,
            "quote_lang": story.quote_lang or story.lang,
            "photo": photo,
            "body_html": self.markdown(story.body),
            "outcomes": [{"type": o.type, "values": dict(o.values)} for o in story.outcomes],
            "credits": [{"name": self.partner_name(c.partner),
                         "url": self.path(u.partner(c.partner)), "contribution": c.contribution}
                        for c in credits],
            "versions": self.versions(story),
            "searchable": allows(story, "search"),
            "card": allows(story, "print"),
            "share_image": image,
            "json_ld": Markup(sharing.article_json_ld(story, page_url, self.settings.title,
                                                      self.urls.absolute(""), image)),
            "partner_names": [self.partner_name(c.partner) for c in credits],
            "problems": self.problems(story),
        }

    def problems(self, story: Story) -> tuple[str, ...]:
        """What stands between a previewed story and publication, for its banner (none if published)."""
        if story.published:
            return ()
        return tuple(r.message.removeprefix("held back: ") for r in story.decision.reasons) + tuple(
            self.site.notes.get(story.path, ()))

    def photo(self, story: Story) -> dict | None:
        """The story's photo in every size and format, if consent covers photos."""
        self.read("story", story.id)
        if story.photo is None or not allows(story, "photo"):
            return None
        relative = mediafiles.media_path(story.photo.file)  # check refused any other
        mediafiles.media_file(self.site.source, relative)
        variants, files = images.photo_variants(self.site.source, relative, self.image_cache)
        self.files.update(files)
        jpegs = [v for v in variants if v.mime == "image/jpeg"]
        fallback = next((v for v in jpegs if v.width >= 960), jpegs[-1])
        return {
            "alt": "" if story.photo.decorative else story.photo.alt,
            "src": self.urls.link(fallback.path), "width": fallback.width, "height": fallback.height,
            "webp": ", ".join(f"{self.urls.link(v.path)} {v.width}w" for v in variants
                              if v.mime == "image/webp"),
            "jpeg": ", ".join(f"{self.urls.link(v.path)} {v.width}w" for v in jpegs),
            "sizes": "(min-width: 46rem) 44rem, 100vw",
        }

    def goal(self, ident: str) -> dict:
        goal = self.site.goals[ident]
        return {"id": ident, "url": self.path(u.goal(ident)), "title": self.goal_title(ident),
                "audience": goal.audience, "excerpt": self._excerpt(goal),
                "count": len(self.by_goal.get(ident, ())),
                "count_text": self.count_text(len(self.by_goal.get(ident, ())))}

    def goal_groups(self) -> list[dict]:
        ordered = sorted(self.site.goals.values(),
                         key=lambda g: (g.order is None, g.order or 0, g.title.casefold()))
        return [{"audience": audience,
                 "goals": [self.goal(g.id) for g in ordered if g.audience == audience]}
                for audience in AUDIENCES if any(g.audience == audience for g in ordered)]

    def partner(self, partner: Partner) -> dict:
        return {"id": partner.id, "url": self.path(u.partner(partner.id)),
                "name": self.partner_name(partner.id), "type": partner.type,
                "excerpt": self._excerpt(partner)}


def published_celebrations(site: Site) -> list[Celebration]:
    """Celebration posts that are published and dated today or earlier, newest first."""
    return sorted((c for c in site.celebrations if c.status == "published" and c.date <= site.today),
                  key=lambda c: (c.date, c.id), reverse=True)


_MARKUP = re.compile(r"<[^>]+>|[*_`#>\[\]]|\((?:https?:|story:|media/)[^)]*\)")


def excerpt(markdown_text: str, limit: int = 160) -> str:
    """The first paragraph of some Markdown as plain text, cut at a word."""
    paragraph = next((p for p in markdown_text.strip().split("\n\n") if p.strip()), "")
    text = " ".join(_MARKUP.sub("", paragraph).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
