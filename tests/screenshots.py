"""Full-page screenshots of every page type of the example site, to look at.

    python tests/screenshots.py OUTDIR [--width 1280 --width 390] [--lang en --lang es]

Builds the example site (as of 2026-11-28) into a temporary folder, serves it
on 127.0.0.1, and writes ``OUTDIR/<lang>-<page>-<width>.png`` with headless
Chromium (the same set-up as the browser tests: see tools.py). The narrow
widths use phone emulation. The images are for people to look at; they are
not committed and no test compares them.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from tools import chrome, serve  # noqa: E402

from wsstories.commands.build import build  # noqa: E402

TODAY = dt.date(2026, 11, 28)
PAGES = {
    "home": "",
    "story": "stories/maria-cna/",
    "all-stories": "stories/",
    "all-stories-filtered": "stories/partner-type/business/",
    "goals": "goals/",
    "goal": "goals/earn-a-credential/",
    "partners": "partners/",
    "partner": "partners/harbor-college/",
    "outcomes": "outcomes/",
    "celebrations": "celebrations/",
    "celebration": "celebrations/spring-2026-graduates/",
    "search": "search/",
    "accessibility": "accessibility/",
    "404": "no-such-page/",
}
#: A language's own page where the English one has no version in it (a story's translation).
LOCAL_PAGES = {"es": {"story": "stories/hector-vuelta-al-trabajo/"}}
QUERY = {"en": "nursing", "es": "trabajo"}


def shoot(driver, url: str, path: Path, query: str | None = None) -> None:
    driver.get(url)
    if query is not None:  # search: type a word and wait for the results
        for _ in range(50):
            found = driver.find_elements("css selector", ".pagefind-ui__search-input")
            if found:
                found[0].send_keys(query)
                break
            time.sleep(0.1)
        for _ in range(50):
            if driver.find_elements("css selector", ".pagefind-ui__result-title a"):
                break
            time.sleep(0.1)
        time.sleep(0.5)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                  {"format": "png", "captureBeyondViewport": True})
    path.write_bytes(base64.b64decode(shot["data"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--width", type=int, action="append", help="default: 1280 and 390")
    parser.add_argument("--lang", action="append", help="default: en and es")
    parser.add_argument("--page", action="append", choices=sorted(PAGES), help="default: all")
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    widths, langs = args.width or [1280, 390], args.lang or ["en", "es"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        build(HERE.parent / "stories", out, today=TODAY)
        with serve(out) as url:
            for width in widths:
                driver = chrome(width, 900 if width > 600 else 844, mobile=width <= 600)
                try:
                    for lang in langs:
                        prefix = "" if lang == "en" else f"{lang}/"
                        for name in args.page or PAGES:
                            target = args.outdir / f"{lang}-{name}-{width}.png"
                            page = LOCAL_PAGES.get(lang, {}).get(name, PAGES[name])
                            shoot(driver, url + prefix + page, target,
                                  QUERY.get(lang) if name == "search" else None)
                            print(target)
                finally:
                    driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
