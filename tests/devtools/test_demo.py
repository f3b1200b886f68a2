"""`mentorbot demo`: the whole story runs forward on one calendar, the transcript is short and free
of raw markup, and `demo.html` works in a real headless browser (Debian's chromium)."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from devtools import demo as demo_module
from devtools.emulator.clock import ClockWentBackwards, ForwardClock
from devtools.slack_html import Step

RAW_MARKUP = [
    (re.compile(r"<@[UW][A-Z0-9]+"), "a raw user mention"),
    (re.compile(r"<#C[A-Z0-9]+"), "a raw channel mention"),
    (re.compile(r"<!date"), "a raw date token"),
    (re.compile(r":[a-z0-9_+\-]*[a-z][a-z0-9_+\-]*:"), "an emoji shortcode"),
]


@dataclass
class DemoRun:
    code: int
    transcript: list[str]
    html: Path
    steps: list[Step]
    skipped: list[str]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """Play the whole demo once for every test here."""
    html = tmp_path_factory.mktemp("demo") / "demo.html"
    lines: list[str] = []
    recorded: list[demo_module.Demo] = []
    code = demo_module.run_demo(out=lines.append, html_path=html, on_done=recorded.append)
    text = "\n".join(lines)
    return DemoRun(code, text.split("\n"), html, recorded[0].steps, recorded[0].skipped)


def test_the_demo_plays_the_whole_program_and_writes_the_page(demo_run: DemoRun) -> None:
    assert demo_run.code == 0
    assert not demo_run.skipped, f"forms that never opened: {demo_run.skipped}"
    assert demo_run.html.exists()
    assert str(demo_run.html) in demo_run.transcript[-1]
    titles = [s.text for s in demo_run.steps if s.kind == "scene"]
    for moment in (
        "join",
        "matching round",
        "asks for a mentor",
        "agree",
        "Goals",
        "check-ins",
        "pause",
        "Two weeks",
        "end",
        "reports",
    ):
        assert any(moment.lower() in t.lower() for t in titles), f"no scene about {moment!r} in {titles}"


def test_the_story_moves_forward_on_one_calendar(demo_run: DemoRun) -> None:
    instants = [s.at for s in demo_run.steps]
    assert instants == sorted(instants)
    assert instants[-1] - instants[0] >= timedelta(weeks=10)


def test_the_demo_clock_refuses_to_go_back() -> None:
    clock = ForwardClock(datetime(2027, 1, 11, 8, tzinfo=UTC))
    clock.set(datetime(2027, 1, 12, tzinfo=UTC))
    with pytest.raises(ClockWentBackwards):
        clock.set(datetime(2027, 1, 11, 9, tzinfo=UTC))
    clock.advance(timedelta(hours=1))
    assert clock() == datetime(2027, 1, 12, 1, tzinfo=UTC)


def test_the_transcript_is_short_and_has_no_raw_markup(demo_run: DemoRun) -> None:
    transcript = "\n".join(demo_run.transcript)
    for pattern, what in RAW_MARKUP:
        found = pattern.search(transcript)
        assert found is None, f"{what} in the transcript: {found.group(0) if found is not None else ''}"
    assert not re.search(r"(?<![\w*])\*[^*\s][^*\n]*\*(?![\w*])", transcript), (
        "bold markers in the transcript"
    )
    assert len(demo_run.transcript) < 1200
    # Home tabs are summarised when someone opens one, never dumped after every click.
    homes = [i for i, line in enumerate(demo_run.transcript) if "Home tab:" in line]
    opens = [s for s in demo_run.steps if s.kind == "action" and "Home" in s.text]
    assert 0 < len(homes) <= len(opens)


def test_the_announcement_sam_sends_reaches_every_mentee(demo_run: DemoRun) -> None:
    transcript = "\n".join(demo_run.transcript)
    announced = transcript.split("admin announce", 1)[1].split("admin export", 1)[0]
    for mentee in ("Maya Patel", "Bo Chen", "Kai Müller"):
        assert f"✉ DM to {mentee}" in announced


def _after(transcript: str, marker: str, length: int = 1500) -> str:
    assert marker in transcript, f"the demo never shows {marker!r}"
    return transcript.split(marker, 1)[1][:length]


def test_the_demo_shows_every_part_of_the_journey_without_dead_ends(demo_run: DemoRun) -> None:
    """Issue 11, told by the transcript: each part is shown once, with the words people see."""
    transcript = "\n".join(demo_run.transcript)
    # §1: after the end, the former mentee's doors keep the history and a next step that works.
    status = _after(transcript, "types /mentor status, a week after")
    assert "ended on" in status and "goal achieved" in status and "until" in status
    assert "✅" in _after(transcript, "types /mentor goals to look back")
    assert "✉ DM to Linus Torvalds" in _after(transcript, "types /mentor feedback to send Linus")
    assert "already asked every mentor" not in _after(transcript, "types /mentor find: he'd like")
    assert "✉ DM to Ada Lovelace: @Bo Chen sent you private feedback" in transcript
    # §2: conclude as planned two weeks early rewrites both prompts; a stale Extend hears the decision.
    chosen = _after(transcript, "Bo Chen: clicks [Conclude as planned]", 900)
    assert "✎ DM to Ada Lovelace, message updated" in chosen and "✎ DM to Bo Chen, message updated" in chosen
    assert "This was already decided" in _after(transcript, "clicks [Extend 8 weeks]", 400)
    # §3: Home tabs in each state.
    for state in (
        "before joining",
        "paired with Ada but with no agreement",
        "a request is waiting",
        "during the pause",
        "in the transition window",
        "after the mentorship",
    ):
        assert "Home tab:" in _after(transcript, state, 300), state
    # §4: meeting help in the intro, and calendar files after confirmation and after a change.
    assert "“When you can meet”" in transcript and "“Worth knowing”" in transcript
    assert "(calendar file: Every 2 weeks" in transcript and "(update 1) (calendar file:" in transcript
    # §5: a folded check-in, help for admins, a plain question to the team.
    assert "folded into one DM with:" in transcript

    def help_length(marker: str) -> int:
        found = re.search(r"\((\d+) more lines in demo.html\)", _after(transcript, marker, 600))
        assert found is not None
        return int(found.group(1))

    assert help_length("Sam Rivera: types /mentor help") > help_length("Bo Chen: types /mentor help")
    assert "✉ #mentorship-admins: 🙋 Question from @Maya Patel" in transcript
    # Words: first names, no "0 mentees", no "on yesterday", mentors by mention alone.
    assert "Welcome to the program, Ada!" in transcript and "0 mentees" not in transcript
    for wrong in ("on yesterday", "on today", "on tomorrow", "Linus Torvalds (@Linus Torvalds)"):
        assert wrong not in transcript


# -- the page in a real browser ------------------------------------------------------------------
def _chromium() -> str:
    path = shutil.which("chromium")
    required = os.environ.get("MENTORBOT_REQUIRE_BROWSER") == "1"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if required:
            pytest.fail("MENTORBOT_REQUIRE_BROWSER=1 but Python playwright is not installed")
        pytest.skip("Python playwright is not installed")
    if path is None:
        if required:
            pytest.fail(
                "MENTORBOT_REQUIRE_BROWSER=1 but chromium is not installed (apt-get install chromium)"
            )
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def chromium() -> str:
    """The system chromium (checked before the demo runs, so a missing browser fails fast)."""
    return _chromium()


def test_demo_html_works_in_a_headless_browser(chromium: str, demo_run: DemoRun, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            problems: list[str] = []
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on(
                "request",
                lambda r: (
                    problems.append(f"fetched {r.url}") if not r.url.startswith(("file:", "data:")) else None
                ),
            )
            page.goto(demo_run.html.as_uri())

            entries = page.locator("#timeline a.tl-step")
            assert entries.count() > 50
            for user_id, *_ in demo_module.CAST:
                assert page.locator(f"#view-{user_id}").count() == 1
                assert page.locator(f'#people button[data-person="{user_id}"]').count() == 1
            assert page.locator(".ev-home").count() > 0
            assert page.locator(".ev-modal .modal").count() > 0
            assert page.locator(".btn.primary").count() > 0
            assert page.locator(".mention").count() > 0

            text = page.inner_text("body")
            for pattern, what in RAW_MARKUP:
                found = pattern.search(text)
                assert found is None, (
                    f"{what} visible on the page: {found.group(0) if found is not None else ''}"
                )

            # Bo's view: only what Bo saw, with his conversations listed.
            page.click('#people button[data-person="U0BO"]')
            assert page.locator("#view-U0BO").is_visible()
            assert not page.locator("#view-U0ADA").is_visible()
            visible_people = page.eval_on_selector_all(
                ".event:not([hidden])", "els => els.map(e => e.dataset.people)"
            )
            assert visible_people and all("U0BO" in p or p == "*" for p in visible_people)
            page.click('#view-U0BO button.conv:has-text("Group DM")')
            convs = page.eval_on_selector_all(".event:not([hidden])", "els => els.map(e => e.dataset.conv)")
            assert convs and all(c.startswith("G") for c in convs)

            # Clicking a timeline entry jumps to that step and marks it.
            page.click('#people button[data-person=""]')
            entry = entries.nth(entries.count() // 2)
            target = str(entry.get_attribute("href"))[1:]
            entry.click()
            page.wait_for_function(
                "id => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < 200; }",
                arg=target,
            )
            assert "current" in str(page.locator(f"#{target}").get_attribute("class"))
            assert page.evaluate("location.hash") == f"#{target}"
            page.screenshot(path=str(tmp_path / "demo.png"))
            assert (tmp_path / "demo.png").stat().st_size > 10_000
            assert not problems, problems
        finally:
            browser.close()
