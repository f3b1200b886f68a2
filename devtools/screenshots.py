"""Screenshots of `demo.html` for the README, taken in headless chromium with Playwright.

    .venv/bin/mentorbot demo && .venv/bin/python -m devtools.screenshots [demo.html] [docs/screenshots]

Needs the Debian `chromium` package and Python `playwright` (the dev extra); no browser download.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from devtools.demo import default_html_path

if TYPE_CHECKING:
    from playwright._impl._api_structures import Clip


def take(html: Path, outdir: Path) -> list[Path]:
    """Save an introduction in a group DM, a Home tab and the admin report; return the files."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("screenshots need chromium: apt-get install chromium")
    outdir.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1240, "height": 2400}, device_scale_factor=1)
        page.goto(html.as_uri())
        # Pictures of single messages: no sticky headers on top of them.
        page.add_style_tag(content=".person-view,.scene>h2{position:static!important}")

        def shot(name: str, person: str, selector: str, conv: str | None = None, index: int = 0) -> None:
            page.click(f'#people button[data-person="{person}"]')
            if conv is not None:
                page.click(f'#view-{person} button.conv:has-text("{conv}")')
            target = page.locator(selector).nth(index)
            target.scroll_into_view_if_needed()
            box = target.bounding_box()
            if box is None:
                raise SystemExit(f"nothing to photograph for {name}")
            path = outdir / name
            clip: Clip = {
                "x": box["x"],
                "y": max(0.0, box["y"] - 8),
                "width": min(box["width"], 860.0),
                "height": box["height"] + 16,
            }
            page.screenshot(path=str(path), clip=clip)
            saved.append(path)

        shot("intro.png", "U0BO", "article.step:not([hidden]) .event:not([hidden])", conv="Group DM")
        shot("home.png", "U0KAI", "div.ev-home:not([hidden])", index=0)
        shot(
            "admin-report.png",
            "U0SAM",
            'article.step:not([hidden]):has(.step-head:has-text("admin report")) .ev-ephemeral',
        )
        browser.close()
    return saved


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else default_html_path()
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("docs/screenshots")
    for file in take(source, target):
        print(file)  # noqa: T201 - a command-line tool
