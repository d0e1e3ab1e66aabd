"""``wsstories review``: a printable packet in which a storyteller reviews their story.

Before ``consent.reviewed`` is recorded, the storyteller reads the final text
exactly as it will be published (rendered and sanitised by the site's own
:class:`~wsstories.markup.Renderer`), where it will appear and where it will
not (from the consent scope), the partners and what each is credited for,
their rights and whom to contact (site.toml ``[contact]``), and signs.

The packet is one HTML file that loads nothing: its CSS is inline, pictures
are embedded as ``data:`` URIs (encoded again by Pillow, without metadata,
and made smaller when large), it has no script, and a Content-Security-Policy
forbids every other load. It prints on US letter and A4 alike.
"""

from __future__ import annotations

import base64
import datetime as dt
import difflib
import os
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import Markup
from PIL import Image

from ..diagnostics import Diagnostic, Severity, did_you_mean
from ..errors import UsageError, WsStoriesError
from ..model import Site, Story
from ..reading import mediafiles, photos
from ..reading.settings import is_settings_error
from ..site import i18n, images
from ..site.markup import Links, Renderer
from ..site.render import make_environment, theme_folders
from ..site.urls import Urls

TEMPLATE = "review.html"
#: The name of the meta element that marks a file as a review packet (safe to overwrite).
MARK = "wsstories-review-packet"
#: Pictures wider or taller than this are made smaller for the packet.
MAX_SIDE = 1200
#: Languages the packet's own wording can be in: those with a catalog.
WORDING = ("en", "es")


class ReviewRefused(WsStoriesError):
    """The story cannot be reviewed (withdrawn, no consent, problems). Exit code 1."""


@dataclass(frozen=True)
class Packet:
    html: str
    story: Story  # the version shown
    lang: str  # the language of the packet's wording
    contact_missing: bool


def pick(site: Site, diagnostics: list[Diagnostic], ident: str, lang: str | None) -> Story:
    """The story ``ident`` in ``lang`` (its translation, if it has one), or a clear refusal."""
    by_id = {s.id: s for s in site.stories}
    story = by_id.get(ident)
    if story is None:
        broken = [d for d in diagnostics if d.severity is Severity.ERROR
                  and d.path.suffix == ".md" and d.path.stem == ident]
        if broken:
            lines = "\n".join(d.format() for d in broken)
            raise ReviewRefused(f"the story '{ident}' has problems to fix first (the packet shows "
                                f"the text as it will be published, so it must pass check):\n{lines}")
        raise UsageError(_unknown(ident, sorted(by_id)))
    if lang is not None:
        root = story.translation_of or story.id
        versions = [s for s in site.stories if (s.translation_of or s.id) == root]
        story = next((s for s in versions if s.lang == lang), story)
    consent = story.consent
    if consent is not None and consent.withdrawn is not None:
        raise ReviewRefused(
            f"the storyteller of '{story.id}' withdrew consent on {consent.withdrawn.isoformat()}; "
            "a withdrawn story is never reviewed or published. If they want to take part again, "
            "record a new consent (a new ref and date) and remove 'withdrawn:' first")
    if consent is None:
        raise ReviewRefused(
            f"the story '{story.id}' has no consent recorded; the packet says where the story "
            "will appear from the consent the storyteller signed, so add 'consent:' with the "
            "form's 'ref', 'date' and 'scope' first")
    return story


def _unknown(ident: str, known: list[str]) -> str:
    close = difflib.get_close_matches(ident, known, n=5, cutoff=0.5)
    close += [k for k in known if ident and ident in k and k not in close][:5 - len(close)]
    if close:
        return (f"there is no story '{ident}'; close matches: {', '.join(close)} (a story's id "
                "is its file name without .md)")
    return (f"there is no story '{ident}' (a story's id is its file name without .md); "
            "'wsstories check' lists the stories it reads")


def packet(site: Site, story: Story, lang: str | None = None) -> Packet:
    """The review packet of ``story``, its wording in ``lang`` (default: the story's language)."""
    lang = lang or story.lang
    settings = site.settings
    urls = Urls(settings.base_url)
    translations = i18n.translations(lang, site.source / "locale")
    env = make_environment(theme_folders(settings.theme), urls, translations, lang=lang,
                           site_language=settings.language)
    context = {"site": settings, "lang": lang, "ui_lang": lang, "mark": MARK,
               "today": site.today, "story": _story(site, story, urls),
               "contact": dict(settings.contact)}
    html = env.get_template(TEMPLATE).render(context)
    return Packet(html, story, lang, not settings.contact)


def _story(site: Site, story: Story, urls: Urls) -> dict:
    """What the packet shows of ``story``: the published text, and what consent covers."""
    consent = story.consent
    scope = consent.scope if consent else ()
    partners = site.partners
    credits = sorted(story.credits, key=lambda c: (partners[c.partner].name.casefold(), c.partner))
    prefix = "" if story.lang == site.settings.language else f"{story.lang}/"
    photo = None
    if story.photo is not None and "photo" in scope:
        src, width, height = embedded(site.source, mediafiles.media_path(story.photo.file))
        photo = {"src": src, "width": width, "height": height,
                 "alt": "" if story.photo.decorative else story.photo.alt}
    return {
        "id": story.id, "lang": story.lang, "title": story.title, "summary": story.summary,
        "date": story.date, "name": story.storyteller.name, "naming": story.storyteller.naming,
        "minor": story.storyteller.minor, "quote": story.quote,
        "quote_lang": story.quote_lang or story.lang, "photo": photo,
        "photo_hidden": story.photo is not None and photo is None,
        "body_html": body_html(site, story, urls),
        "outcomes": [{"type": o.type, "values": dict(o.values)} for o in story.outcomes],
        "credits": [{"name": partners[c.partner].name, "contribution": c.contribution}
                    for c in credits],
        "goal_title": site.goals[story.goal].title,
        "url": urls.absolute(f"{prefix}stories/{story.id}/"),
        "published": story.published, "scheduled": story.date > site.today,
        "scope": scope, "withheld": [s for s in ("feed", "search", "photo", "print", "social")
                                     if s not in scope],
        "ref": consent.ref if consent else "", "expires": consent.expires if consent else None,
        "expired": bool(consent and consent.expires < site.today),
        "sensitive": list(story.sensitive), "min_count": site.settings.min_count,
    }


def body_html(site: Site, story: Story, urls: Urls) -> Markup:
    """The story's body as the site renders it, made to stand alone.

    Links to stories and media files point at their public addresses, pictures
    in the text are embedded, and headings move two levels down, below the
    packet's section and the story's title.
    """
    published = {s.id: s for s in site.published_stories}

    def story_url(ident: str) -> str | None:
        other = published.get(ident)
        if other is None:
            return None
        prefix = "" if other.lang == site.settings.language else f"{other.lang}/"
        return urls.absolute(f"{prefix}stories/{ident}/")

    html = Renderer().render(story.body, Links(story_url=story_url, media_url=lambda p: p))
    standalone = _Standalone(lambda relative: _embed(site.source, relative), urls.absolute)
    standalone.feed(html)
    standalone.close()
    return Markup("".join(standalone.out))  # the sanitiser's output, written again escaped


class _Standalone(HTMLParser):
    """Sanitised HTML written again, tag by tag, with its links and pictures made to stand alone.

    The input is the sanitiser's output (no script, style or comment), so
    writing each tag and text back, escaped, gives the same document.
    """

    def __init__(self, picture, absolute):
        super().__init__(convert_charrefs=True)
        self.picture, self.absolute, self.out = picture, absolute, []

    def handle_starttag(self, tag, attrs, end=">"):
        tag = self._heading(tag)
        values = dict(attrs)
        if tag == "img" and (values.get("src") or "").startswith("media/"):
            values["src"] = self.picture(values["src"])
        elif tag == "a" and (values.get("href") or "").startswith("media/"):
            values["href"] = self.absolute(values["href"])
        written = "".join(f' {name}="{escape(value, quote=True)}"' if value is not None else f" {name}"
                          for name, value in values.items() if not (name == "src" and value is None))
        self.out.append(f"<{tag}{written}{end}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.out.append(f"</{self._heading(tag)}>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))

    @staticmethod
    def _heading(tag: str) -> str:
        return f"h{min(6, int(tag[1]) + 2)}" if tag in ("h2", "h3", "h4", "h5", "h6") else tag


def _embed(source: Path, src: str) -> str | None:
    """The picture of an ``<img>`` of the text, as a ``data:`` URI (None if it cannot be read)."""
    try:
        return embedded(source, mediafiles.media_path(src, link=True))[0]
    except (OSError, ValueError, mediafiles.MediaProblem, photos.ImageProblem):
        return None  # check reports the file; a packet never loads from elsewhere


def embedded(source: Path, relative: str) -> tuple[str, int, int]:
    """A picture of ``media/`` as a ``data:`` URI, encoded again without metadata: (uri, w, h)."""
    path = mediafiles.media_file(source, relative)
    photos.inspect(path)
    with Image.open(path) as probe:
        photo = probe.format == "JPEG"  # a photo stays JPEG; a drawing or chart stays sharp (PNG)
    kind, mime = ("jpg", "image/jpeg") if photo else ("png", "image/png")
    data, width, height = images.plain_picture(path, kind, MAX_SIDE)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", width, height


# Where the packet is written -------------------------------------------------------------

def run(source: Path, ident: str, lang: str | None = None, output: Path | None = None,
        today: dt.date | None = None) -> tuple[Packet, Path | None]:
    """Load the site, make the packet of ``ident`` and write it; ``output`` ``-``: write nothing.

    The default file is ``review-ID.html`` in the current folder, or
    ``review-ID-LANG.html`` when ``lang`` is not the story's own language.
    """
    from .load import cached_load
    site, diagnostics = cached_load(source, today=today)
    settings_errors = [d for d in diagnostics if is_settings_error(d)]
    if settings_errors:
        raise UsageError("site.toml has problems to fix first:\n"
                         + "\n".join(d.format() for d in settings_errors))
    check_lang(site, lang)
    asked = next((s for s in site.stories if s.id == ident), None)
    story = pick(site, diagnostics, ident, lang)
    made = packet(site, story, lang)
    if output is not None and str(output) == "-":
        return made, None
    own = lang is None or (asked is not None and lang == asked.lang)
    target = output or Path(f"review-{ident}.html" if own else f"review-{ident}-{lang}.html")
    for built in (Path("output"), Path(source).absolute().parent / "output"):
        check_target(target, Path(source), built)
    write(made.html, target)
    return made, target


def check_target(target: Path, source: Path, site_output: Path) -> None:
    """Refuse to write where the packet does not belong: in the source or any built site."""
    where = target.absolute().resolve()
    for folder, what in ((source, "the source folder (a build would refuse the HTML file)"),
                         (site_output, "the site's output folder")):
        folder = folder.absolute().resolve()
        if where == folder or folder in where.parents:
            raise UsageError(f"'{target}' is inside {what}; a review packet is private to the "
                             "storyteller and is never published: write it elsewhere "
                             "(--output FILE)")
    for folder in where.parents:
        if (folder / ".wsstories-build.json").exists():
            raise UsageError(f"'{target}' is inside '{folder}', a site that wsstories built; a "
                             "review packet is never published: write it elsewhere (--output FILE)")
    if where.is_dir():
        raise UsageError(f"'{target}' is a folder; name the file to write, like "
                         f"{target / 'review.html'}")
    if where.exists():
        try:
            head = where.read_bytes()[:4096].decode("utf-8", "replace")
        except OSError as exc:
            raise UsageError(f"'{target}' cannot be read ({exc.strerror})") from None
        if MARK not in head:
            raise UsageError(f"'{target}' exists and is not a review packet; it is left as it "
                             "is: choose another name with --output FILE")


def write(text: str, target: Path) -> None:
    """Write ``text`` to ``target`` whole, or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)


def check_lang(site: Site, lang: str | None) -> None:
    if lang is None:
        return
    if lang not in site.settings.languages:
        raise UsageError(f"--lang must be one of the site's languages "
                         f"({', '.join(site.settings.languages)}), not '{lang}'"
                         f"{did_you_mean(lang, site.settings.languages)}")
    if lang not in WORDING and not (site.source / "locale" / lang).is_dir():
        raise UsageError(f"there is no translation of the packet's wording into '{lang}' "
                         f"(wsstories has {', '.join(WORDING)}; a site may add its own in "
                         f"locale/{lang}/LC_MESSAGES/messages.po)")
