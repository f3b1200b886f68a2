"""Structured, redacted logs; the Dockerfile and Compose file follow the Makefile CI proves."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.logs import KeyValueFormatter, RedactingFilter, configure_logging, redact

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("given", "leaked"),
    [
        ("token=xoxb-1234-5678-abcdEFGH", "xoxb-1234"),
        ("rotated xoxe.xoxb-1-MTIzNDU2Nzg5MA-abc", "xoxe.xoxb"),
        ("refresh xoxe-1-My0xLTEyMzQ1Ng-abc", "xoxe-1"),
        ("user xoxp-99-88-77-ff", "xoxp-"),
        ("app xapp-1-A0123-456-deadbeef", "xapp-1"),
        ("legacy xoxa-2-abc and xoxs-1 kept? no: xoxr-refresh-1", "xoxa-2"),
        ("stored gAAAAABm" + "x" * 60, "gAAAAABm"),
    ],
)
def test_redact_removes_anything_shaped_like_a_token(given: str, leaked: str) -> None:
    out = redact(given)
    assert leaked not in out and "[redacted]" in out


def test_redact_keeps_ids() -> None:
    line = "dm sent team=T0123 user=U0ABC channel=D0XYZ kind=check_in"
    assert redact(line) == line


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    stream = io.StringIO()
    configure_logging("INFO", stream=stream)
    yield stream
    root.handlers[:] = handlers
    root.setLevel(level)


def test_logs_are_key_value_lines_with_tokens_redacted_everywhere(captured: io.StringIO) -> None:
    logging.getLogger("bot.example").info("sent team=%s token=%s", "T0123", "xoxb-111-222-secret")
    logging.getLogger("slack_sdk.web").warning("request failed Authorization: Bearer xoxe.xoxb-1-abc")
    try:
        _explode()
    except RuntimeError:
        logging.getLogger("bot.example").exception("failed team=%s", "T0123")
    lines = captured.getvalue().splitlines()
    text = captured.getvalue()
    assert "xoxb-111" not in text and "xoxe.xoxb-1" not in text and "xoxb-999" not in text
    assert re.match(
        r'^ts=\S+Z level=INFO logger=bot\.example thread=\S+ msg="sent team=T0123 token=\[redacted\]"$',
        lines[0],
    )
    assert "level=WARNING logger=slack_sdk.web" in lines[1]
    assert "exc=" in text and "RuntimeError" in text
    assert logging.getLogger("slack_sdk").getEffectiveLevel() >= logging.INFO


def _explode() -> None:
    raise RuntimeError("boom with xoxb-999-888-leak")


def test_filter_protects_other_handlers_too() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "auth %s", ("xoxb-1-2-3",), None)
    assert RedactingFilter().filter(record)
    assert record.getMessage() == "auth [redacted]"
    assert "xoxb" not in KeyValueFormatter().format(record)


def test_compose_file_runs_migrations_once_then_two_replicas_on_postgres() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres:16")
    assert "healthcheck" in services["db"]
    migrate = services["migrate"]
    assert migrate["command"] == ["mentorbot", "db", "upgrade"]
    assert migrate["depends_on"]["db"]["condition"] == "service_healthy"
    bot = services["bot"]
    assert bot["deploy"]["replicas"] == 2
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert bot["command"][:2] == ["mentorbot", "serve"]
    for service in (migrate, bot):
        assert service["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])


def test_dockerfile_builds_with_the_makefile_targets_ci_proves() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert dockerfile.startswith("FROM python:3.11-slim") or "\nFROM python:3.11-slim" in dockerfile
    assert "make install-runtime" in dockerfile and re.search(r"^install-runtime:", makefile, re.MULTILINE)
    assert "requirements.lock" in dockerfile and "requirements-dev.lock" not in dockerfile
    for dev_only in ("COPY . ", "COPY tests", "COPY devtools", "COPY benchmarks"):
        assert dev_only not in dockerfile, dev_only
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    assert re.search(r'CMD \["mentorbot", "serve"', dockerfile)
    assert "USER " in dockerfile  # not root
    for name in re.findall(r"COPY ([\w./-]+) ", dockerfile):
        assert (ROOT / name).exists(), name
