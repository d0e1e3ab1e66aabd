"""Languages: gettext catalogs for the interface, and Babel for dates and numbers.

English and Spanish catalogs ship in ``wsstories/site/locale/``; a site may add
or override translations with its own ``locale/<lang>/LC_MESSAGES/messages.po``
in the source folder. Catalogs are read from their ``.po`` files with Babel
and compiled in memory, so there is no build step and nothing to forget.
"""

from __future__ import annotations

import decimal
import functools
import gettext
import io
from importlib import resources
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent

DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a string of the code for translation; it is translated where it is shown."""
    return message


def package_locale() -> Path:
    return Path(str(resources.files("wsstories.site") / "locale"))


@functools.lru_cache(maxsize=32)
def _read(po_path: Path, mtime: float) -> gettext.GNUTranslations:
    with open(po_path, "rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translations(lang: str, site_locale: Path | None = None) -> gettext.NullTranslations:
    """The interface in ``lang``: the site's own catalog first, then wsstories' own.

    A regional language (``en-GB``) is its language's catalog (``en``) with its
    region's on top (``en_GB``: British spelling), so only what differs is listed.
    """
    chain: gettext.NullTranslations = gettext.NullTranslations()
    names = dict.fromkeys((lang.split("-")[0], lang.replace("-", "_"), lang))
    for folder, name in ((f, n) for f in (package_locale(), site_locale) for n in names):
        if folder is None:
            continue
        po = folder / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.is_file():
            found = _read(po, po.stat().st_mtime)
            layer = gettext.GNUTranslations()
            layer._catalog = dict(found._catalog)  # a copy: fallbacks are chained per site
            layer.plural = found.plural
            layer.add_fallback(chain)
            chain = layer
    return chain


def language_name(lang: str) -> str:
    """A language's name in itself: 'English', 'Español'."""
    try:
        name = Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_"))
    except (ValueError, LookupError):
        return lang
    return name[:1].upper() + name[1:] if name else lang


def long_date(day, lang: str) -> str:
    return format_date(day, format="long", locale=_locale(lang))


def money(value: float, lang: str) -> str:
    return format_currency(value, "USD", locale=_locale(lang))


def number(value, lang: str) -> str:
    return format_decimal(value, locale=_locale(lang))


def percent(value, lang: str) -> str:
    """A share given from 0 to 100 (66.7), written as the language writes it: "66.7%".

    One decimal at most; the locale's own pattern says where the sign goes
    and whether a space comes before it.
    """
    share = decimal.Decimal(str(round(float(value), 1))) / 100
    return format_percent(share, locale=_locale(lang), decimal_quantization=False)


def _locale(lang: str) -> str:
    """US conventions where the language has them: es → es_US, en → en_US (en-GB → en_GB)."""
    return {"en": "en_US", "es": "es_US"}.get(lang, lang.replace("-", "_"))


KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def extract(theme: Path, package: Path) -> dict[str, tuple[str, ...]]:
    """Every interface string of the theme and the code: msgid → (msgid, plural?)."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, tuple[str, ...]] = {}
    sources = [(theme, [("**/templates/**.html", "jinja2")],
                {"**/templates/**.html": {"extensions": "jinja2.ext.i18n",
                                          "trimmed": "false"}}),
               (package, [("**.py", "python")], {})]
    for folder, method_map, options in sources:
        for _, _, message, _, _ in extract_from_dir(str(folder), method_map, options, KEYWORDS):
            messages = message if isinstance(message, tuple) else (message,)
            if messages[0]:
                found[messages[0]] = messages
    return found
