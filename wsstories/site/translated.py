"""Goals, partners and the site's own words in each of the site's languages.

Goal and partner files carry ``translations: {es: {title: …, description: …}}``
in their front matter, and site.toml ``[translations.es]`` and, in each
benchmark, ``[benchmarks.translations.es]``. A page in another language than
the first shows the translation, or else the first language's words marked
as such: ``lang`` on the element, so that a screen reader changes voice, and
a short note ("(in English)") in the page's language.

:class:`Text` is a ``str`` that knows its language, so templates print it as
they print any text; :func:`localized` prints it marked when it is a fallback.
"""

from __future__ import annotations

import dataclasses
from typing import Mapping

from babel import Locale
from markupsafe import Markup, escape

from ..model import Settings
from .i18n import N_

IN_LANGUAGE = N_("(in %(language)s)")
NOT_TRANSLATED = N_("Not translated yet: shown in %(language)s.")


class Text(str):
    """Text in ``lang``; ``fallback`` when it stands in for a missing translation."""

    lang: str
    fallback: bool

    def __new__(cls, value: str, lang: str, fallback: bool = False) -> "Text":
        text = super().__new__(cls, value)
        text.lang, text.fallback = lang, fallback
        return text

    def __reduce__(self):
        return Text, (str(self), self.lang, self.fallback)


def pick(translations: Mapping[str, Mapping[str, str]], field: str, original: str, lang: str,
         first: str, required: bool = True) -> Text:
    """``field`` in ``lang``, or ``original`` (in ``first``) marked as a fallback.

    With ``required`` false (a partner's name: a name is a name), the original
    stands without a mark.
    """
    if lang == first:
        return Text(original, first)
    given = translations.get(lang, {}).get(field)
    if given:
        return Text(given, lang)
    return Text(original, first, fallback=required) if required else Text(original, lang)


def settings_in(settings: Settings, lang: str) -> Settings:
    """The settings with the site's title and description in ``lang``."""
    first = settings.language
    return dataclasses.replace(
        settings,
        title=pick(settings.translations, "title", settings.title, lang, first),
        description=pick(settings.translations, "description", settings.description, lang, first)
        if settings.description else settings.description)


def language_name(lang: str, ui_lang: str) -> str:
    """The name of ``lang`` in ``ui_lang``: 'inglés' for en in es."""
    try:
        locale = Locale.parse(ui_lang.replace("-", "_"))
        return locale.languages.get(lang.replace("-", "_")) or locale.languages.get(
            lang.split("-")[0], lang)
    except (ValueError, LookupError):
        return lang


def marker(gettext, ui_lang: str):
    """``localized(text)`` for templates: the text, marked when it is in another language."""
    notes: dict[str, Markup] = {}

    def note(lang: str) -> Markup:
        if lang not in notes:
            notes[lang] = escape(gettext(IN_LANGUAGE) % {"language": language_name(lang, ui_lang)})
        return notes[lang]

    def localized(text) -> Markup:
        lang = getattr(text, "lang", None)
        if lang is None or lang == ui_lang:
            return escape(text)
        shown = Markup('<span lang="%s">%s</span>') % (lang, text)
        if getattr(text, "fallback", False):
            shown += Markup(' <span class="untranslated">%s</span>') % note(lang)
        return shown

    return localized


def prose(html: Markup, text: Text, gettext, ui_lang: str) -> Markup:
    """Rendered Markdown, wrapped in its language and with a note when it is a fallback."""
    lang = getattr(text, "lang", ui_lang)
    if lang == ui_lang:
        return html
    inner = Markup('<div lang="%s">\n%s\n</div>') % (lang, html)
    if not getattr(text, "fallback", False):
        return inner
    said = gettext(NOT_TRANSLATED) % {"language": language_name(lang, ui_lang)}
    return Markup('<p class="untranslated">%s</p>\n') % said + inner
