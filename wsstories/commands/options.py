"""The command line's options: one function per command adds its parser.

:func:`parser` is given the function that runs each command (``cli.py``'s
``cmd_*``), so that this module knows only options, never what they do.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Callable, Mapping

from .. import __version__


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def _source(command: argparse.ArgumentParser) -> None:
    command.add_argument("--source", type=Path, default=Path("stories"),
                         help="the site's source folder (default: stories)")


def _check(commands) -> argparse.ArgumentParser:
    check = commands.add_parser("check", help="check every file and print every problem",
                                description="Check every story, partner, goal and setting, "
                                            "print every problem, then exit.")
    _source(check)
    check.add_argument("--format", choices=("text", "json"), default="text",
                       help="text (one line a problem) or json")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                       help="check as if it were this day (what would be published then)")
    return check


def _build(commands) -> argparse.ArgumentParser:
    build = commands.add_parser("build", help="check, then build the site",
                                description="Check the source, then build the site into the "
                                            "output folder. Nothing is written if there is an error.")
    _source(build)
    build.add_argument("--output", type=Path,
                       help="the folder to build into (default: output; with --drafts: "
                            "output-drafts)")
    build.add_argument("--drafts", action="store_true",
                       help="a preview that also shows drafts and scheduled stories, marked as "
                            "drafts; it can never be published")
    build.add_argument("--base-url", metavar="URL",
                       help="publish at this address instead of site.toml's base_url")
    build.add_argument("--theme", type=Path, metavar="DIR",
                       help="a theme folder whose templates override the default theme")
    build.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                       help="build as if it were this day")
    noise = build.add_mutually_exclusive_group()
    noise.add_argument("--quiet", action="store_true", help="print only problems")
    noise.add_argument("--verbose", action="store_true",
                       help="also print why each held-back story is held back, and hints")
    return build


def _init(commands) -> argparse.ArgumentParser:
    init = commands.add_parser("init", help="create a new site with example content",
                               description="Create a new site: settings, two partners, two "
                                           "goals, one story and a README for staff.")
    init.add_argument("folder", nargs="?", type=Path, default=Path("."),
                      help="a new or empty folder (default: this one)")
    init.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                      help="date the example story as of this day (default: today)")
    return init


def _new(commands) -> argparse.ArgumentParser:
    new = commands.add_parser("new", help="start a new story from a template",
                              description="Write a new draft story with every field and a "
                                          "comment on each, and print its path.")
    new.add_argument("title", help="the story's headline, in quotes")
    new.add_argument("--goal", metavar="ID", help="the storyteller's goal (a file in goals/)")
    new.add_argument("--partner", metavar="ID", action="append", default=[],
                     help="a partner that took part (repeat for each)")
    new.add_argument("--today", type=_date, metavar="YYYY-MM-DD",
                     help="date the draft as of this day (default: today)")
    _source(new)
    return new


def _report(commands) -> argparse.ArgumentParser:
    report = commands.add_parser("report", help="print the outcome figures",
                                 description="Print the figures of the outcomes page: published "
                                             "stories only, small counts suppressed.")
    _source(report)
    report.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    report.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="report as of this day")
    return report


def _publish(commands) -> argparse.ArgumentParser:
    publish = commands.add_parser("publish", help="publish the built site",
                                  description="Publish the built site to a git branch, a folder "
                                              "or an rsync destination (site.toml [publish], or "
                                              "these options), after checking that it is "
                                              "complete, current and holds no drafts.")
    _source(publish)
    publish.add_argument("--output", type=Path, default=Path("output"),
                         help="the built site (default: output)")
    where = publish.add_mutually_exclusive_group()
    where.add_argument("--git", metavar="REMOTE", help="a git remote (URL or path)")
    where.add_argument("--folder", type=Path, metavar="DIR", help="a folder, local or mounted")
    where.add_argument("--rsync", metavar="DEST", help="an rsync destination, user@host:path")
    publish.add_argument("--branch", help="the git branch (default: gh-pages)")
    publish.add_argument("--base-url", metavar="URL",
                         help="the address the target serves (default: site.toml's base_url)")
    publish.add_argument("--dry-run", action="store_true",
                         help="list what would be added, changed and removed, and change nothing")
    return publish


def _serve(commands) -> argparse.ArgumentParser:
    serve = commands.add_parser("serve", help="build, serve and rebuild on every change",
                                description="Build the site, serve it on this computer, and "
                                            "rebuild and reload the browser whenever a file "
                                            "is saved.")
    _source(serve)
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000; 0 picks a free one)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default: 127.0.0.1, this computer only)")
    serve.add_argument("--drafts", action="store_true", help="also show drafts and scheduled stories")
    serve.add_argument("--theme", type=Path, metavar="DIR", help="a theme folder to use")
    serve.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="serve as if it were this day")
    return serve


def _consent(commands) -> argparse.ArgumentParser:
    consent = commands.add_parser(
        "consent", help="list the consents that need attention",
        description="List every story whose consent expires soon or has expired, lacks the "
                    "storyteller's review, a guardian's consent or a sensitive-topic review, "
                    "or was withdrawn while its files are still in media/.")
    _source(consent)
    consent.add_argument("--within", type=int, default=60, metavar="DAYS",
                         help="expiries to list: within this many days (default: 60)")
    consent.add_argument("--format", choices=("text", "json", "csv", "ics"), default="text",
                         help="text (default), json, csv, or ics: a calendar of expiry dates")
    consent.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="as of this day")
    return consent


def _docs(commands) -> argparse.ArgumentParser:
    docs = commands.add_parser("docs", help="show a staff guide, or what a rule means",
                               description="Print one of the staff guides shipped with "
                                           "wsstories, or the entry of one rule id.")
    docs.add_argument("topic", nargs="?",
                      help="writing, previewing, rules, or a rule id such as ownership-claim")
    return docs


def _schema(commands) -> argparse.ArgumentParser:
    """schema: JSON Schemas of the front matter for editors."""
    schema = commands.add_parser(
        "schema", help="print the JSON Schema of the front matter, for editors",
        description="Print the JSON Schema of a kind of file's front matter, with the site's "
                    "partner, goal and story ids as the only values allowed, so that editors "
                    "complete and check fields as you type. --write saves every kind in "
                    "SOURCE/_schema/.")
    _source(schema)
    schema.add_argument("--kind", metavar="KIND",  # checked in cmd_schema: a one-line error
                        help="story (default), partner, goal or celebration")
    schema.add_argument("--write", action="store_true",
                        help="write SOURCE/_schema/KIND.schema.json (every kind, or --kind's) "
                             "and print the paths")
    return schema


def _review(commands) -> argparse.ArgumentParser:
    """review: a printable packet in which the storyteller reviews their story."""
    review = commands.add_parser(
        "review", help="write a printable review packet of one story for its storyteller",
        description="Write one self-contained HTML file for the storyteller to read, print and "
                    "sign before consent.reviewed is recorded: the text exactly as it will be "
                    "published, where it will appear (from the consent scope), the partners, "
                    "their rights and whom to contact. It loads nothing from the internet.")
    review.add_argument("story", metavar="STORY_ID", help="the story's id (its file name without .md)")
    _source(review)
    review.add_argument("--lang", metavar="LANG",
                        help="the packet's language, and the story's translation in it if there "
                             "is one (default: the story's language)")
    review.add_argument("--output", type=Path, metavar="FILE",
                        help="the file to write (default: review-STORY_ID.html in this folder, "
                             "review-STORY_ID-LANG.html with another --lang; - prints it)")
    review.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="as of this day")
    return review


#: Every command, in the order ``wsstories --help`` lists them.
COMMANDS = {"check": _check, "build": _build, "init": _init, "new": _new, "report": _report,
            "publish": _publish, "serve": _serve, "consent": _consent, "docs": _docs,
            "schema": _schema, "review": _review}


def parser(handlers: Mapping[str, Callable[[argparse.Namespace], int]]) -> argparse.ArgumentParser:
    """The command line's parser; ``handlers`` gives the function that runs each command."""
    top = argparse.ArgumentParser(
        prog="wsstories",
        description="Check and publish the success stories of a workforce partnership.",
    )
    top.add_argument("--version", action="version", version=f"wsstories {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, add in COMMANDS.items():
        add(commands).set_defaults(func=handlers[name])
    return top
