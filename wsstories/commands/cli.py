"""The command line: it only wires options to library functions and prints.

One function per command. Exit codes: 0 success (warnings allowed unless
``--strict``), 1 content problems, 2 wrong usage or settings.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import Sequence

from ..checks import example
from ..diagnostics import Diagnostic, Severity, format_json
from ..errors import UsageError, WsStoriesError
from ..reading.settings import is_settings_error
from ..site import outcomes
from . import options
from .build import PREVIEW_OUTPUT, BuildStopped, build
from .load import cached_load, load_site
from .progress import progress_display
from .scaffold import init_site, new_story


def _parser() -> argparse.ArgumentParser:
    return options.parser({"check": cmd_check, "build": cmd_build, "init": cmd_init,
                           "new": cmd_new, "report": cmd_report, "publish": cmd_publish,
                           "serve": cmd_serve, "consent": cmd_consent, "docs": cmd_docs,
                           "schema": cmd_schema, "review": cmd_review})


def cmd_check(args: argparse.Namespace) -> int:
    """``wsstories check``: print every problem; the exit code says how bad."""
    site, diagnostics = cached_load(args.source, today=args.today)
    if exit_code(diagnostics) != UsageError.exit_code:  # what publish would refuse, as info
        diagnostics = sorted(diagnostics + example.found(site), key=_place)
    if args.format == "json":
        print(format_json(diagnostics))
    else:
        for diagnostic in diagnostics:
            print(diagnostic.format())
        problem = next((d for d in diagnostics if d.severity is not Severity.INFO), None)
        if problem is not None:
            print(f"What a message means and how to fix it: wsstories docs RULE "
                  f"(for example: wsstories docs {problem.rule})")
        held = len(site.stories) - len(site.published_stories)
        print(f"Checked {_plural(len(site.stories), 'story', 'stories')}, "
              f"{_plural(len(site.partners), 'partner')}, {_plural(len(site.goals), 'goal')}: "
              f"{len(site.published_stories)} published, {held} held back"
              f"{_left_out(site)}; "
              f"{_counts(diagnostics)}.")
    return exit_code(diagnostics, strict=args.strict)


def cmd_build(args: argparse.Namespace) -> int:
    """``wsstories build``: problems first, then a one-line summary."""
    with progress_display(enabled=not args.quiet) as progress:
        try:
            output = args.output or Path(PREVIEW_OUTPUT if args.drafts else "output")
            result = build(args.source, output, drafts=args.drafts, base_url=args.base_url,
                           theme=args.theme, today=args.today, progress=progress)
        except BuildStopped as stopped:
            progress.close()
            for diagnostic in stopped.diagnostics:
                if diagnostic.severity is not Severity.INFO:
                    print(diagnostic.format())
            raise
    shown = result.diagnostics + (result.held + result.hints if args.verbose else [])
    for diagnostic in sorted(shown, key=lambda d: (str(d.path), d.line or 0)):
        print(diagnostic.format())
    if not args.quiet:
        print(result.summary())
        if result.reminder():
            print(result.reminder())
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """``wsstories init``: a working new site."""
    files = init_site(args.folder, today=args.today)
    where = args.folder.resolve()
    print(f"Created a new site in {where} ({len(files)} files).")
    print(f"Next: cd {args.folder} && wsstories build   (or wsstories serve to preview)")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """``wsstories new``: a draft story; prints its path."""
    path = new_story(args.source, args.title, goal=args.goal, partners=args.partner,
                     today=args.today)
    print(os.path.relpath(path))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """``wsstories report``: the outcome figures as a table, or CSV."""
    site, diagnostics = load_site(args.source, today=args.today)
    code = exit_code(diagnostics)
    if code:
        for diagnostic in diagnostics:
            if diagnostic.severity is Severity.ERROR:
                print(diagnostic.format(), file=sys.stderr)
        print("wsstories: fix these problems first; figures are made from checked stories only",
              file=sys.stderr)
        return code
    table = outcomes.rows(site, outcomes.figures(site))
    if args.csv:
        sys.stdout.write(outcomes.csv_text(table))
        return 0
    from rich.console import Console
    from rich.table import Table
    view = Table(title=f"{site.settings.title}: outcomes", caption=outcomes.NOTE)
    for column in ("Goal", "Program year", "Figure", "Value"):
        view.add_column(column, justify="right" if column == "Value" else "left")
    for row in table:
        view.add_row(row["goal_title"], row["program_year"], row["label"], row["display"])
    Console(width=120).print(view)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    """``wsstories publish``: all or nothing, or a dry run."""
    from ..diagnostics import Report
    from ..reading.settings import load_settings
    from .publish import Target, publish
    settings = load_settings(args.source.absolute(), Report()).publish
    if args.git:
        kind, where = "git", args.git
    elif args.folder:
        kind, where = "folder", str(args.folder)
    elif args.rsync:
        kind, where = "rsync", args.rsync
    elif settings.get("target"):
        kind = settings["target"]
        where = settings.get({"git": "remote", "folder": "path", "rsync": "destination"}[kind], "")
        if not where:
            raise UsageError(f"site.toml's [publish] names target '{kind}' but not where to")
    else:
        raise UsageError("say where to publish: --git REMOTE, --folder DIR or --rsync DEST, "
                         "or a [publish] table in site.toml")
    target = Target(kind, where, args.branch or settings.get("branch", "gh-pages"),
                    args.base_url or settings.get("base_url"))
    changes = publish(args.source, args.output, target, dry_run=args.dry_run)  # as of the real day
    for line in changes.lines() if args.dry_run else []:
        print(line)
    verb = "Would publish" if args.dry_run else "Published"
    print(f"{verb} to {where}: {changes.summary()}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """``wsstories serve``: until Ctrl-C."""
    from .serve import DevServer

    def stop(signum, frame):  # a service manager's SIGTERM stops it like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    server = DevServer(args.source, host=args.host, port=args.port, drafts=args.drafts,
                       theme=args.theme, today=args.today,
                       report=lambda line: print(line, flush=True))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
    return 0


def cmd_consent(args: argparse.Namespace) -> int:
    """``wsstories consent``: the consent jobs, in the format asked for."""
    from . import consents
    if args.within < 0:
        raise UsageError("--within takes a number of days, 0 or more")
    site, diagnostics = cached_load(args.source, today=args.today)
    if exit_code(diagnostics) == UsageError.exit_code:
        for diagnostic in diagnostics:
            if diagnostic.severity is Severity.ERROR:
                print(diagnostic.format(), file=sys.stderr)
        return UsageError.exit_code
    found = consents.jobs(site, within=args.within)
    if args.format == "json":
        sys.stdout.write(consents.as_json(found))
    elif args.format == "csv":
        sys.stdout.write(consents.as_csv(found))
    elif args.format == "ics":
        sys.stdout.write(consents.as_ics(found, site.today, site.settings.title))
    else:
        sys.stdout.write(consents.as_text(found, args.within))
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    """``wsstories docs [TOPIC]``: a guide, a rule's entry, or the list of topics."""
    from . import guides
    sys.stdout.write(guides.guide(args.topic) if args.topic else guides.topics())
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """``wsstories schema``: the JSON Schema on stdout, or written into ``_schema/``."""
    from ..diagnostics import did_you_mean
    from ..reading import editor_schema
    if args.kind is not None and args.kind not in editor_schema.KINDS:
        raise UsageError(f"--kind must be one of {', '.join(editor_schema.KINDS)}, "
                         f"not '{args.kind}'{did_you_mean(args.kind, editor_schema.KINDS)}")
    if args.write:
        kinds = (args.kind,) if args.kind else editor_schema.KINDS
        for path in editor_schema.write_schemas(args.source, kinds):
            print(os.path.relpath(path))
        return 0
    ids = editor_schema.site_ids(args.source)
    sys.stdout.write(editor_schema.dumps(editor_schema.json_schema(args.kind or "story", ids)))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    """``wsstories review``: write the packet and say what to do with it."""
    from . import review
    made, target = review.run(args.source, args.story, lang=args.lang, output=args.output,
                              today=args.today)
    if target is None:
        sys.stdout.write(made.html)
        return 0
    if made.contact_missing:
        print("wsstories: site.toml has no [contact] table, so the packet leaves blank lines for "
              "whom to contact; add [contact] with name, email and phone "
              "(wsstories docs reviewing)", file=sys.stderr)
    print(os.path.relpath(target))
    print(f"Open it in a browser and print it, or send it to the storyteller. Once they approve "
          f"the text, record the day as 'reviewed:' under consent in "
          f"{os.path.relpath(made.story.path)}.")
    return 0


def exit_code(diagnostics: Sequence[Diagnostic], strict: bool = False) -> int:
    """2 for a settings error, 1 for any other error (or warning when strict), else 0."""
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    if any(is_settings_error(d) for d in errors):
        return UsageError.exit_code
    if errors or (strict and any(d.severity is Severity.WARNING for d in diagnostics)):
        return 1
    return 0


def _place(diagnostic: Diagnostic) -> tuple:
    return (str(diagnostic.path), -1 if diagnostic.line is None else diagnostic.line)


def _left_out(site) -> str:
    count = len(site.left_out)
    return (f", {_plural(count, 'draft')} left out until {'its' if count == 1 else 'their'} "
            "problems are fixed" if count else "")


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _counts(diagnostics: Sequence[Diagnostic]) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = sum(d.severity is Severity.WARNING for d in diagnostics)
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code. Only this function prints errors."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except WsStoriesError as exc:  # a message that names its file is already a whole line
        print(exc if getattr(exc, "located", False) else f"wsstories: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("wsstories: stopped", file=sys.stderr)
        return 130
