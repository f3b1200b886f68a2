"""The dispatcher: claim due rows, post them to Slack once, record where they landed.

Each batch is claimed in its own committed transaction (a lease, fenced by `claimed_by`), then
posted, then marked sent with the channel and ts. A row that may already have been posted (a
lease that expired after a crash, or an ambiguous failure: timeout, 5xx, internal_error,
fatal_error, a dropped connection) is first looked up in its conversation's history by the
idempotency key carried in the message metadata, and only posted if it is not there.

Error classes:
- 429 / ratelimited: the row and the rest of that workspace's batch go back to pending after
  Retry-After, and the workspace's bucket pauses; nothing is lost and no attempt is counted.
- ambiguous (see above): state `unknown`, retried with backoff after reconciling, at most
  MAX_ATTEMPTS times.
- the person is gone (user_not_found, user_disabled, account_inactive on a DM): they are marked
  inactive, their mentorships paused, partner and admins told once; no retry.
- channel errors (channel_not_found, not_in_channel, is_archived): failed, admins told once.
- installation errors (invalid_auth, token_revoked, ...): that workspace's rows wait 15 minutes.
One failing row never stops the rest of a tick.

Pacing: a token bucket per workspace (default 8 messages/s ≈ 480/min, under the ~525/min that
large Slack apps hold to) and one per channel (default 1/s: Slack's per-channel limit).
"""

from __future__ import annotations

import http.client
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import metrics
from bot.deps import Deps
from bot.domain.calendar_invite import build_ics
from bot.domain.errors import MentorshipError
from bot.domain.messages import MessageKind
from bot.logs import frames_only
from bot.ports import WorkspaceUnavailable
from bot.services import pairing, scheduling
from bot.services.calendar import invite_from_payload
from bot.services.pairing import NewPair
from bot.services.scheduling import Claimed
from scheduler.ports import MessageRenderer, SlackFactory

logger = logging.getLogger(__name__)

AUTO_APPROVED = ":white_check_mark: Approved by itself (this program's scheduled rounds): {created} pair(s) created and introduced."
AUTO_APPROVED_EARLIER = ":white_check_mark: Approved by itself (this program's scheduled rounds)."
ROUND_CLOSED = "This round was already decided."

EVENT_TYPE = "mentorbot_dispatch"
BATCH = 100
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 5
DEFAULT_RATE = 8.0
DEFAULT_CHANNEL_RATE = 1.0
AUTH_BACKOFF = timedelta(minutes=15)
# Reconciliation pages back through the conversation until it reaches messages older than the row
# (less a margin for clock skew), up to HISTORY_PAGES pages: a busy channel cannot hide a post.
HISTORY_PAGE = 200
HISTORY_PAGES = 10
HISTORY_SKEW = timedelta(minutes=10)
AMBIGUOUS = {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}
PERSON_GONE = {"user_not_found", "user_disabled", "account_inactive"}
CHANNEL = {"channel_not_found", "not_in_channel", "is_archived"}
INSTALLATION = {"invalid_auth", "token_revoked", "not_authed", "missing_scope", "team_access_not_granted"}
CRASH_POINTS = ("after_claim", "after_post")


class TokenBucket:
    """`rate` tokens a second, up to `burst`; `take` waits for one. `pause` stops it for a while."""

    def __init__(self, rate: float, burst: float | None = None) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else max(1.0, rate)
        self.tokens = self.burst
        self.updated = time.monotonic()
        self.paused_until = 0.0
        self.waited = 0.0
        self._lock = threading.Lock()

    def take(self) -> None:
        """Wait until a token is available and take it."""
        while True:
            with self._lock:
                now = time.monotonic()
                self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
                self.updated = now
                wait = max(self.paused_until - now, 0.0)
                if wait == 0.0 and self.tokens >= 1.0:
                    self.tokens -= 1.0
                    return
                if wait == 0.0:
                    wait = (1.0 - self.tokens) / self.rate
            self.waited += wait
            time.sleep(wait)

    def pause(self, seconds: float) -> None:
        """Send nothing for `seconds` (Slack asked us to wait)."""
        with self._lock:
            self.paused_until = max(self.paused_until, time.monotonic() + seconds)
            self.tokens = 0.0

    def paused(self) -> bool:
        """Whether the bucket is paused right now."""
        return time.monotonic() < self.paused_until


@dataclass
class DispatchReport:
    """What one dispatcher run did, by outcome."""

    sent: int = 0
    reconciled: int = 0
    rate_limited: int = 0
    unknown: int = 0
    failed: int = 0
    cancelled: int = 0
    fenced: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, outcome: str) -> None:
        """Count one row's outcome (and export it as a metric)."""
        setattr(self, outcome, getattr(self, outcome) + 1)
        if outcome in ("sent", "reconciled"):
            self.by_kind[kind] = self.by_kind.get(kind, 0) + 1
        metrics.MESSAGES.labels(kind=kind, outcome=outcome).inc()


class _TeamBlocked(Exception):
    def __init__(self, due_at: datetime, reason: str) -> None:
        super().__init__(reason)
        self.due_at = due_at
        self.reason = reason


@dataclass
class _Classified:
    kind: str  # rate | ambiguous | person | channel | installation | other
    code: str
    retry_after: float = 0.0


def classify(error: BaseException) -> _Classified:
    """Sort a Slack call's failure into the class that decides what happens next."""
    if isinstance(error, SlackApiError):
        response = error.response
        status = int(getattr(response, "status_code", 200) or 200)
        code = str(response.get("error") or status) if response is not None else "unknown"
        if status == 429 or code == "ratelimited":
            headers = {k.lower(): v for k, v in (getattr(response, "headers", {}) or {}).items()}
            raw = headers.get("retry-after", "1")
            value = raw[0] if isinstance(raw, list) else raw
            try:
                retry = float(value)
            except (TypeError, ValueError):
                retry = 1.0
            return _Classified("rate", "ratelimited", max(retry, 1.0))
        if status >= 500 or code in AMBIGUOUS:
            return _Classified("ambiguous", code)
        if code in PERSON_GONE:
            return _Classified("person", code)
        if code in CHANNEL:
            return _Classified("channel", code)
        if code in INSTALLATION:
            return _Classified("installation", code)
        return _Classified("other", code)
    if isinstance(error, (OSError, http.client.HTTPException, socket.timeout)):
        return _Classified("ambiguous", type(error).__name__)
    return _Classified("other", type(error).__name__)


class Dispatcher:
    """Claims and delivers due rows; one instance per process (it keeps the buckets)."""

    def __init__(
        self,
        deps: Deps,
        *,
        renderer: MessageRenderer,
        slack_factory: SlackFactory,
        worker_id: str | None = None,
        rate: float = DEFAULT_RATE,
        channel_rate: float = DEFAULT_CHANNEL_RATE,
        batch: int = BATCH,
        lease: timedelta = LEASE,
        crash_point: str | None = None,
    ) -> None:
        self.deps = deps
        self.renderer = renderer
        self.slack_factory = slack_factory
        self.me = worker_id or f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.rate = rate
        self.channel_rate = channel_rate
        self.batch = batch
        self.lease = lease
        self.crash_point = crash_point if crash_point in CRASH_POINTS else None
        self._buckets: dict[str, TokenBucket] = {}
        self._clients: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    # -- plumbing ----------------------------------------------------------------------------------
    def bucket(self, key: str, rate: float) -> TokenBucket:
        """The pacing bucket for a workspace or a channel."""
        with self._lock:
            if key not in self._buckets:
                self._buckets[key] = TokenBucket(rate)
            return self._buckets[key]

    def client(self, team_id: str) -> WebClient:
        """A Web API client without SDK retries: errors are classified here."""
        if team_id not in self._clients:
            slack = self.deps.slack
            if slack is None:
                slack = self.deps.slack = self.slack_factory(self.deps.settings)
            self._clients[team_id] = slack.client_for(team_id, interactive=False)
        return self._clients[team_id]

    def _crash(self, point: str) -> None:
        if self.crash_point == point:
            logger.warning("crash point %s reached: exiting without cleanup", point)
            os._exit(137)

    # -- the run ---------------------------------------------------------------------------------------
    def run(self, now: datetime | None = None, *, max_batches: int | None = None) -> DispatchReport:
        """Deliver everything due as of `now` (the deps clock by default)."""
        report = DispatchReport()
        # Clients are built per run: token rotation and uninstalls take effect at the next tick.
        self._clients.clear()
        blocked: dict[str, _TeamBlocked] = {}
        batches = 0
        while max_batches is None or batches < max_batches:
            at = now or self.deps.clock()
            rows = scheduling.claim(self.deps, self.me, at, self.batch, self.lease)
            batches += 1
            if not rows:
                break
            self._crash("after_claim")
            for index, row in enumerate(rows):
                block = blocked.get(row.team_id)
                if block is None and self.bucket(row.team_id, self.rate).paused():
                    block = blocked[row.team_id] = _TeamBlocked(at + timedelta(seconds=1), "ratelimited")
                if block is not None:
                    scheduling.release(self.deps, [row.id], self.me, block.due_at, block.reason)
                    report.add(row.kind, "rate_limited")
                    continue
                try:
                    report.add(row.kind, self._deliver(row, at))
                except WorkspaceUnavailable:
                    logger.info(
                        "workspace unavailable; message cancelled row=%s team=%s", row.id, row.team_id
                    )
                    scheduling.mark(self.deps, row.id, self.me, "cancelled", "workspace_unavailable")
                    report.add(row.kind, "cancelled")
                except _TeamBlocked as stop:
                    blocked[row.team_id] = stop
                    rest = [r.id for r in rows[index + 1 :] if r.team_id == row.team_id]
                    scheduling.release(self.deps, [row.id, *rest], self.me, stop.due_at, stop.reason)
                    report.add(row.kind, "rate_limited")
                except Exception as err:  # noqa: BLE001 - one row must not stop the batch
                    logger.error("dispatch failed row=%s kind=%s\n%s", row.id, row.kind, frames_only(err))
                    scheduling.mark(self.deps, row.id, self.me, "failed", "internal")
                    report.add(row.kind, "failed")
        metrics.QUEUE_DEPTH.set(scheduling.queue_depth(self.deps))
        return report

    def _deliver(self, row: Claimed, now: datetime) -> str:
        client = self.client(row.team_id)
        try:
            if row.kind == MessageKind.REQUEST_PROMPT:
                return self._update_prompt(client, row, now)
            if row.kind == MessageKind.CALENDAR_INVITE:
                return self._upload_invite(client, row, now)
            if row.kind == MessageKind.ROUND_RUN:
                return self._run_round(client, row, now)
            if row.attempts > 1:
                found = self._reconcile(client, row)
                if found is not None:
                    scheduling.mark_sent(self.deps, row.id, self.me, found[0], found[1], now)
                    logger.info("reconciled row=%s kind=%s", row.id, row.kind)
                    return "reconciled"
            text, blocks = self.renderer.scheduled_message(row.kind, row.payload, row.id)
            if row.kind == MessageKind.REQUEST_EXPIRED:
                blocks = blocks + self._next_suggestion(row)
            channel = self._target(row)
            self.bucket(row.team_id, self.rate).take()
            if not row.recipient.startswith(("U", "W", "D")):
                self.bucket(f"{row.team_id}:{row.recipient}", self.channel_rate).take()
            response = client.chat_postMessage(
                channel=channel,
                text=text,
                blocks=blocks,
                metadata={"event_type": EVENT_TYPE, "event_payload": {"key": row.key}},
                unfurl_links=False,
                unfurl_media=False,
            )
        except _TeamBlocked:
            raise  # already classified (a rate limit inside the invite upload): the row waits, not fails
        except Exception as err:  # noqa: BLE001 - every failure is classified below
            return self._failed(row, err, now)
        self._crash("after_post")
        posted_channel, ts = str(response["channel"]), str(response["ts"])
        if row.recipient.startswith(("U", "W")) and channel == row.recipient:
            scheduling.remember_dm_channel(self.deps, row.team_id, row.recipient, posted_channel)
        if not scheduling.mark_sent(self.deps, row.id, self.me, posted_channel, ts, now):
            logger.warning("lost the claim on row=%s after posting; the new holder will reconcile", row.id)
            return "fenced"
        return "sent"

    def _run_round(self, client: WebClient, row: Claimed, now: datetime) -> str:
        """A scheduled round: run it once for its due date (a retry reuses the stored one), post the
        proposal in the admin channel (with the CSV when large), or approve it by itself and
        introduce the pairs. A proposal already posted is only marked sent."""
        program_id, due = int(row.payload["program_id"]), str(row.payload["due"])
        plan, existed = pairing.scheduled_round(self.deps, row.team_id, program_id, due)
        if plan.round_id is None:
            scheduling.mark(self.deps, row.id, self.me, "cancelled", "no_round")
            return "cancelled"
        view = pairing.round_view(self.deps, row.team_id, plan.round_id)
        if existed and view is not None and view.message_ts and view.message_channel:
            scheduling.mark_sent(self.deps, row.id, self.me, view.message_channel, view.message_ts, now)
            return "reconciled"
        for old_id, old_channel, old_ts in plan.superseded:
            if old_channel and old_ts:
                text, blocks = self.renderer.round_proposal(old_id, {}, "Replaced by a newer proposal.")
                client.chat_update(channel=old_channel, ts=old_ts, text=text, blocks=blocks)
        decided: str | None = None
        created: tuple[NewPair, ...] = ()
        proposal = plan.proposal
        if view is not None and view.status != "proposed":
            # Decided before this (retried) delivery posted it: never show its buttons again.
            decided = AUTO_APPROVED_EARLIER if view.status == "approved" else ROUND_CLOSED
        elif row.payload.get("auto") and proposal.get("pairs"):
            decision = pairing.approve_round(self.deps, row.team_id, plan.round_id, None)
            created, proposal = decision.created, decision.proposal
            decided = AUTO_APPROVED.format(created=len(created))
        text, blocks = self.renderer.round_proposal(plan.round_id, proposal, decided)
        self.bucket(row.team_id, self.rate).take()
        response = client.chat_postMessage(channel=row.recipient, text=text, blocks=blocks)
        channel, ts = str(response["channel"]), str(response["ts"])
        pairing.set_round_message(self.deps, row.team_id, plan.round_id, channel, ts)
        table = self.renderer.round_csv(proposal)
        if table is not None:
            name = f"round-{plan.round_id}.csv"
            client.files_upload_v2(
                file_uploads=[{"content": table, "filename": name, "title": name, "snippet_type": "csv"}],
                channel=channel,
            )
        for pair in pairing.unintroduced_pairs(self.deps, row.team_id, plan.round_id) if decided else ():
            dm = str(
                client.conversations_open(users=f"{pair.mentor.slack_user_id},{pair.mentee.slack_user_id}")[
                    "channel"
                ]["id"]
            )
            intro_text, intro_blocks = self.renderer.intro(pair, now)
            client.chat_postMessage(channel=dm, text=intro_text, blocks=intro_blocks)
            pairing.set_group_channel(self.deps, row.team_id, pair.mentorship_id, dm)
        scheduling.mark_sent(self.deps, row.id, self.me, channel, ts, now)
        logger.info("scheduled round team=%s round=%s auto=%s", row.team_id, plan.round_id, bool(decided))
        return "sent"

    def _next_suggestion(self, row: Claimed) -> list[dict[str, Any]]:
        """The mentee's next best mentor, with a Request button, for an expired request."""
        try:
            found = pairing.find_suggestions(self.deps, row.team_id, row.recipient, limit=1)
        except MentorshipError:
            return []
        return self.renderer.next_suggestion(found.items[0] if found.items else None)

    def _target(self, row: Claimed) -> str:
        if row.recipient.startswith(("U", "W")):
            return scheduling.dm_channel(self.deps, row.team_id, row.recipient) or row.recipient
        return row.recipient

    def _conversation(self, client: WebClient, row: Claimed) -> str:
        if row.slack_channel:
            return row.slack_channel
        if not row.recipient.startswith(("U", "W")):
            return row.recipient
        cached = scheduling.dm_channel(self.deps, row.team_id, row.recipient)
        if cached:
            return cached
        channel = str(client.conversations_open(users=row.recipient)["channel"]["id"])
        scheduling.remember_dm_channel(self.deps, row.team_id, row.recipient, channel)
        return channel

    def _reconcile(self, client: WebClient, row: Claimed) -> tuple[str, str] | None:
        """Find a message we may already have posted for this row, by its idempotency key."""
        channel = self._conversation(client, row)
        since = (row.created_at - HISTORY_SKEW).timestamp()
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            page = client.conversations_history(
                channel=channel, include_all_metadata=True, limit=HISTORY_PAGE, cursor=cursor
            )
            messages = page.get("messages") or []
            for message in messages:
                meta = message.get("metadata") or {}
                if (
                    meta.get("event_type") == EVENT_TYPE
                    and (meta.get("event_payload") or {}).get("key") == row.key
                ):
                    return channel, str(message["ts"])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            older_than_row = messages and float(messages[-1].get("ts") or 0) < since
            if not page.get("has_more") or not cursor or older_than_row:
                return None
        logger.warning("reconcile row=%s stopped after %s pages of history", row.id, HISTORY_PAGES)
        return None

    @staticmethod
    def invite_title(payload: dict[str, Any]) -> str:
        """The file's title: the event's summary, with the version for a re-issue (unique per pair)."""
        sequence = int(payload.get("sequence") or 0)
        summary = str(payload.get("summary") or "Mentoring")
        return summary if sequence == 0 else f"{summary} (update {sequence})"

    def _upload_invite(self, client: WebClient, row: Claimed, now: datetime) -> str:
        """Upload the pair's .ics to their group DM once; an uncertain earlier try is looked up first."""
        title = self.invite_title(row.payload)
        try:
            if row.attempts > 1:
                found = self._reconcile_file(client, row, title)
                if found is not None:
                    scheduling.mark_sent(self.deps, row.id, self.me, row.recipient, found, now)
                    logger.info("reconciled row=%s kind=%s", row.id, row.kind)
                    return "reconciled"
            text, _ = self.renderer.scheduled_message(row.kind, row.payload, row.id)
            content = build_ics(invite_from_payload(row.payload, now))
            self.bucket(row.team_id, self.rate).take()
            self.bucket(f"{row.team_id}:{row.recipient}", self.channel_rate).take()
            response = client.files_upload_v2(
                channel=row.recipient,
                file_uploads=[{"content": content, "filename": "mentoring.ics", "title": title}],
                initial_comment=text,
            )
        except Exception as err:  # noqa: BLE001 - every failure is classified
            return self._failed(row, err, now)
        self._crash("after_post")
        files = response.get("files") or [response.get("file") or {}]
        file_id = str((files[0] or {}).get("id") or "")
        if not scheduling.mark_sent(self.deps, row.id, self.me, row.recipient, file_id[:32], now):
            logger.warning("lost the claim on row=%s after uploading; the new holder will reconcile", row.id)
            return "fenced"
        return "sent"

    def _reconcile_file(self, client: WebClient, row: Claimed, title: str) -> str | None:
        """Find a file this row may already have shared in the conversation, by its unique title."""
        since = (row.created_at - HISTORY_SKEW).timestamp()
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            page = client.conversations_history(channel=row.recipient, limit=HISTORY_PAGE, cursor=cursor)
            messages = page.get("messages") or []
            for message in messages:
                for shared in message.get("files") or []:
                    if shared.get("title") == title:
                        return str(shared.get("id") or message.get("ts"))
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            older_than_row = messages and float(messages[-1].get("ts") or 0) < since
            if not page.get("has_more") or not cursor or older_than_row:
                return None
        return None

    def _update_prompt(self, client: WebClient, row: Claimed, now: datetime) -> str:
        text, blocks = self.renderer.expired_request_prompt(row.payload)
        channel, ts = str(row.payload["channel"]), str(row.payload["ts"])
        try:
            client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        except SlackApiError as err:
            found = classify(err)
            if found.kind in ("rate", "ambiguous", "installation"):
                raise
            scheduling.mark(self.deps, row.id, self.me, "failed", found.code)
            return "failed"
        scheduling.mark_sent(self.deps, row.id, self.me, channel, ts, now)
        return "sent"

    def _failed(self, row: Claimed, err: BaseException, now: datetime) -> str:
        found = classify(err)
        logger.info("send failed row=%s kind=%s class=%s error=%s", row.id, row.kind, found.kind, found.code)
        if found.kind == "rate":
            self.bucket(row.team_id, self.rate).pause(found.retry_after)
            raise _TeamBlocked(now + timedelta(seconds=found.retry_after), "ratelimited")
        if found.kind == "installation":
            raise _TeamBlocked(now + AUTH_BACKOFF, found.code)
        if found.kind == "ambiguous":
            if row.attempts >= MAX_ATTEMPTS:
                scheduling.mark(self.deps, row.id, self.me, "failed", f"gave_up:{found.code}")
                return "failed"
            backoff = timedelta(minutes=min(2 ** (row.attempts - 1), 60))
            scheduling.mark(self.deps, row.id, self.me, "unknown", found.code, due_at=now + backoff)
            return "unknown"
        if found.kind == "person" and row.recipient.startswith(("U", "W")):
            scheduling.mark(self.deps, row.id, self.me, "cancelled", found.code)
            scheduling.person_gone(self.deps, row.team_id, row.recipient)
            return "cancelled"
        scheduling.mark(self.deps, row.id, self.me, "failed", found.code)
        if found.kind == "channel" or found.kind == "person":
            scheduling.delivery_failed(self.deps, row, found.code)
        else:
            logger.warning("row=%s kind=%s failed permanently error=%s", row.id, row.kind, found.code)
        return "failed"


def summary_line(plan: Any, report: DispatchReport) -> str:
    """One line for `mentorbot tick`."""
    return (
        f"planned {plan.inserted} new; sent {report.sent}, reconciled {report.reconciled}, "
        f"deferred {report.rate_limited} (rate limit), uncertain {report.unknown}, failed {report.failed}, "
        f"cancelled {report.cancelled}"
    )
