"""Loading ``site.toml`` into :class:`~wsstories.model.Settings`.

Settings problems are reported like content problems (file, line, rule), with
rule ids in the ``settings-`` family; the command line exits with code 2 when
any is an error, since the site cannot be built as configured.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..diagnostics import Diagnostic, Report, Severity, did_you_mean
from ..model import Benchmark, MilestoneStep, Settings
from ..rules import DEFAULTS, LEVELS
from . import mediafiles, tomllines
from .schema import Context, validate
from .schemas import SETTINGS
from .yamlines import LineMap

SETTINGS_FILE = "site.toml"
#: site.toml needs three levels (a table of arrays of tables); deeper is refused.
MAX_DEPTH = 20
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


#: Every problem of site.toml has a rule id in this family (``settings-type``, ``settings-toml``…).
FAMILY = "settings"


def is_settings_error(diagnostic: Diagnostic) -> bool:
    """Whether ``diagnostic`` is an error in the settings: the site cannot be built as configured."""
    return diagnostic.severity is Severity.ERROR and diagnostic.rule.startswith(FAMILY + "-")


def load_settings(source: Path, report: Report) -> Settings:
    """Read ``source/site.toml``; report every problem and fall back to defaults."""
    path = source / SETTINGS_FILE
    fallback = Settings(title="Success stories", base_url="https://example.org/")
    read = _read(path, report)
    if read is None:
        return fallback
    text, raw = read
    data = tomllines.with_lines(raw, text)
    rules = _rules(data.pop("rules", None), data.key_lines.get("rules"), path, report)
    clean = validate(data, SETTINGS, Context(path, report, what=SETTINGS_FILE, family=FAMILY,
                                             languages=_languages_given(raw)))
    case_patterns = _patterns(clean.get("privacy", {}), path, report)
    contact = _contact(clean.get("contact"), data.key_lines.get("contact"), path, report)

    base_url = clean.get("base_url", fallback.base_url)
    if not base_url.endswith("/"):
        base_url += "/"
    min_count = clean.get("min_count", 5)
    benchmarks = _benchmarks(clean, path, report)
    milestones = _milestones(clean, min_count, path, report)
    theme = _theme(source, clean, path, report)
    logo = _picture(source, clean, "logo", mediafiles.IMAGES, path, report)
    favicon = _picture(source, clean, "favicon", (".png",), path, report)
    language, languages = _languages(clean, path, report)
    return Settings(
        title=clean.get("title", fallback.title),
        base_url=base_url,
        language=language,
        languages=languages,
        description=clean.get("description", ""),
        consent_years=clean.get("consent_years", 2),
        min_count=min_count,
        theme=(source / theme) if theme else None,
        rules=rules,
        case_patterns=case_patterns,
        benchmarks=benchmarks,
        milestones=milestones,
        publish={k: v for k, v in clean.get("publish", {}).items() if not k.startswith("_")},
        partnership=clean.get("partnership", ""),
        logo=logo,
        favicon=favicon,
        featured=clean.get("featured"),
        featured_line=clean["_lines"].get("featured"),
        contact=contact,
        translations=clean.get("translations", {}),
    )


def _read(path: Path, report: Report) -> tuple[str, dict] | None:
    """site.toml's text and its TOML, or None after reporting why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        report.error(path, None, "settings-missing",
                     f"there is no {SETTINGS_FILE} in the source folder; it gives the site's "
                     "title and base_url (run 'wsstories init' to make one)")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        report.error(path, None, "settings-unreadable",
                     f"{SETTINGS_FILE} cannot be read as UTF-8 text ({exc})")
        return None
    try:
        raw = tomllib.loads(text)
        if _depth(raw) > MAX_DEPTH:
            raise RecursionError
    except RecursionError:  # tomllib recurses once per level of nesting
        report.error(path, None, "settings-toml",
                     f"{SETTINGS_FILE} has values nested more than {MAX_DEPTH} levels deep; "
                     "settings are at most a few levels deep")
        return None
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        detail = _TOML_LINE.sub("", str(exc)).strip()
        report.error(path, int(match.group(1)) if match else None, "settings-toml",
                     f"{SETTINGS_FILE} is not valid TOML: {detail} (text values need "
                     "double quotes, like title = \"My site\")")
        return None
    return text, raw


def _benchmarks(clean: dict, path: Path, report: Report) -> tuple[Benchmark, ...]:
    """``[[benchmarks]]``: each with its program year written like PY2026."""
    benchmarks = []
    for line, item in clean.get("benchmarks", []):
        year = item.get("program_year")
        if year is not None and not re.fullmatch(r"PY\d{4}", year):
            report.error(path, item["_lines"].get("program_year", line), "settings-program-year",
                        f"program_year must be written like PY2026, not '{year}'")
            continue
        if {"outcome", "program_year", "target", "label"} <= set(item):
            benchmarks.append(Benchmark(item["outcome"], year, float(item["target"]), item["label"],
                                        item.get("goal"), item["_lines"].get("goal", line),
                                        item.get("translations", {})))
    return tuple(benchmarks)


def _milestones(clean: dict, min_count: int, path: Path, report: Report) -> tuple[MilestoneStep, ...]:
    """``[[milestones]]``: never a step smaller than min_count."""
    milestones = []
    for line, item in clean.get("milestones", []):
        if "every" in item and item["every"] < min_count:
            report.error(path, item["_lines"].get("every", line), "settings-range",
                        f"a milestone every {item['every']} could point at a few people; it must "
                        f"be at least min_count ({min_count})")
        elif {"outcome", "every"} <= set(item):
            milestones.append(MilestoneStep(item["outcome"], item["every"], line))
    return tuple(milestones)


def _theme(source: Path, clean: dict, path: Path, report: Report) -> str | None:
    """``theme``: a folder next to site.toml, or None."""
    theme = clean.get("theme")
    if theme and not (source / theme).is_dir():
        report.error(path, clean["_lines"].get("theme"), "settings-theme-missing",
                     f"the theme folder '{theme}' does not exist (it is looked for next to "
                     f"{SETTINGS_FILE})")
        theme = None
    return theme


def _languages(clean: dict, path: Path, report: Report) -> tuple[str, tuple[str, ...]]:
    """The site's language and its languages, the first of which it must be."""
    languages = tuple(dict.fromkeys(lang for _, lang in clean.get("languages", [])))
    language = clean.get("language") or (languages[0] if languages else "en")
    if languages and "language" in clean and clean["language"] != languages[0]:
        report.error(path, clean["_lines"].get("language"), "settings-language",
                     f"language is '{clean['language']}' but languages starts with "
                     f"'{languages[0]}'; the first of languages is the site's language")
    return language, languages or (language,)


def _picture(source: Path, clean: dict, key: str, kinds: tuple[str, ...], path: Path,
             report: Report) -> str | None:
    """``logo`` or ``favicon``: a picture in media/, of one of ``kinds``; None when not given or wrong."""
    written = clean.get(key)
    if not written:
        return None
    line = clean["_lines"].get(key)
    try:
        relative = mediafiles.media_path(written)
        mediafiles.media_file(source, relative)
    except mediafiles.MediaProblem as problem:
        report.error(path, line, "settings-media", f"{key}: {problem}")
        return None
    if Path(relative).suffix.lower() not in kinds:
        names = ", ".join(k.lstrip(".").upper() for k in kinds if k != ".jpeg")
        report.error(path, line, "settings-media",
                     f"{key} '{written}' must be a picture of kind {names}; export it as PNG")
        return None
    return relative


def _languages_given(raw: dict) -> tuple[str, ...]:
    """The languages site.toml names, as written (validated with the rest), for translations."""
    given = raw.get("languages")
    if isinstance(given, list) and given and all(isinstance(lang, str) for lang in given):
        return tuple(dict.fromkeys(lang.strip() for lang in given))
    language = raw.get("language")
    return (language.strip(),) if isinstance(language, str) else ("en",)


def _depth(data) -> int:
    """How deeply tables and arrays nest in ``data`` (without recursion)."""
    deepest, todo = 0, [(data, 0)]
    while todo:
        value, depth = todo.pop()
        deepest = max(deepest, depth)
        if depth <= MAX_DEPTH and isinstance(value, (dict, list)):
            todo.extend((child, depth + 1) for child in (value.values() if isinstance(value, dict)
                                                          else value))
    return deepest


def _rules(table, line: int | None, path: Path, report: Report) -> dict[str, str]:
    """The ``[rules]`` table: known rule ids, each set to off, info, warning or error."""
    if table is None:
        return {}
    if not isinstance(table, dict):
        report.error(path, line, "settings-type", "'rules' must be a table of rule = \"level\" lines")
        return {}
    chosen = {}
    for rule, level in table.items():
        where = table.key_lines.get(rule, line) if isinstance(table, LineMap) else line
        if rule not in DEFAULTS:
            report.error(path, where, "settings-unknown-field",
                         f"'{rule}' is not a rule that can be set{did_you_mean(rule, DEFAULTS)}; "
                         f"these can: {', '.join(DEFAULTS)}")
        elif level not in LEVELS:
            report.error(path, where, "settings-choice",
                         f"rule '{rule}' must be set to one of {', '.join(LEVELS)}, not '{level}'")
        else:
            chosen[rule] = level
    return chosen


def _patterns(privacy: dict, path: Path, report: Report) -> tuple[str, ...]:
    """``[privacy] case_patterns``: each must be a valid regular expression."""
    patterns = []
    for line, pattern in privacy.get("case_patterns", []):
        try:
            re.compile(pattern)
        except re.error as exc:
            report.error(path, line, "settings-pattern",
                         f"the case pattern '{pattern}' is not a valid regular expression ({exc})")
        else:
            patterns.append(pattern)
    return tuple(patterns)


_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_PHONE = re.compile(r"^\+?[0-9()./ -]+(?:\s*(?:ext\.?|x)\s*[0-9]+)?$", re.IGNORECASE)


def _contact(table: dict | None, line: int | None, path: Path, report: Report) -> dict[str, str]:
    """``[contact]``: whom storytellers reach about consent; an e-mail or a phone number at least."""
    if not table:
        return {}
    lines = table.get("_lines", {})
    found = {key: table[key] for key in ("name", "email", "phone", "url") if key in table}
    email, phone = found.get("email"), found.get("phone")
    if email is not None and not _EMAIL.match(email):
        report.error(path, lines.get("email", line), "settings-contact",
                     f"the contact e-mail '{email}' is not an e-mail address; write it like "
                     "consent@example.org")
        del found["email"]
    if phone is not None and not (_PHONE.match(phone) and sum(c.isdigit() for c in phone) >= 7):
        report.error(path, lines.get("phone", line), "settings-contact",
                     f"the contact phone '{phone}' is not a phone number; write it with its "
                     "digits, like (555) 010-0199 or +1 555 010 0199")
        del found["phone"]
    if email is None and phone is None:
        report.error(path, line, "settings-contact",
                     "[contact] needs an email or a phone (or both), so that storytellers can "
                     "reach someone about their story and their consent")
    return found if {"email", "phone"} & set(found) else {}


