"""The template environment: the default theme, a site's overrides, and filters.

Templates autoescape, an undefined variable is an error (never an empty
string), and every word the theme prints goes through gettext (Jinja2's i18n
extension), so that languages can be added without touching templates.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
from importlib import resources
from pathlib import Path
from typing import Callable

import jinja2
from markupsafe import Markup

from . import i18n, translated
from .urls import Urls


def default_theme() -> Path:
    """The folder of the theme shipped with wsstories (``wsstories/theme`` in the wheel)."""
    shipped = Path(str(resources.files("wsstories"))) / "theme"
    if (shipped / "templates").is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / "theme"  # a source checkout


def theme_folders(site_theme: Path | None) -> list[Path]:
    """The theme folders to search, the site's own first."""
    folders = [site_theme] if site_theme is not None else []
    return folders + [default_theme()]


def make_environment(folders: list[Path], urls: Urls, translations=None,
                     lang: str = "en", site_language: str | None = None) -> jinja2.Environment:
    """A Jinja2 environment over ``folders``' templates, with the site's helpers, in ``lang``."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f / "templates") for f in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: never look at a template's date again
    )
    translations = translations or gettext.NullTranslations()
    env.install_gettext_translations(translations, newstyle=True)
    env.globals.update(_fast_gettext(translations))
    env.filters["long_date"] = functools.lru_cache(maxsize=4096)(lambda day: i18n.long_date(day, lang))
    env.filters["money"] = functools.lru_cache(maxsize=4096)(lambda value: i18n.money(value, lang))
    env.filters["percent"] = lambda value: i18n.percent(value, lang)
    env.globals["link"] = urls.link
    # Macros are imported without the page's context (much faster); they read these instead.
    env.globals["ui_lang"] = lang
    env.globals["site_language"] = site_language or lang
    env.globals["localized"] = translated.marker(translations.gettext, lang)
    env.filters["absolute"] = urls.absolute
    env.globals["asset"] = asset_linker(folders, urls)
    return env


def _fast_gettext(translations) -> dict:
    """``_``, ``gettext`` and ``ngettext`` as Jinja2's "newstyle" i18n defines them, but faster.

    The same contract (the translation is markup, its ``%(name)s`` values are
    escaped, ``num`` is set for plurals), without a trip through the template
    context for every call, and each message looked up once: a page calls
    them dozens of times.
    """
    known: dict[str, Markup] = {}

    def gettext_(__string: str, **variables) -> str:
        message = known.get(__string)
        if message is None:
            message = known[__string] = Markup(translations.gettext(__string))
        return message % variables

    def ngettext_(__singular: str, __plural: str, __num: int, **variables) -> str:
        variables.setdefault("num", __num)
        return Markup(translations.ngettext(__singular, __plural, __num)) % variables

    return {"_": gettext_, "gettext": gettext_, "ngettext": ngettext_}


def asset_linker(folders: list[Path], urls: Urls) -> Callable[[str], str]:
    """``asset('style.css')`` → its link, with a content hash so browsers never keep a stale copy."""
    cache: dict[str, str] = {}

    def asset(name: str) -> str:
        if name not in cache:
            for folder in folders:
                path = folder / "static" / name
                if path.is_file():
                    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
                    cache[name] = f"{urls.link('assets/' + name)}?v={digest}"
                    break
            else:
                raise jinja2.TemplateRuntimeError(f"the theme has no static file '{name}'")
        return cache[name]

    return asset

