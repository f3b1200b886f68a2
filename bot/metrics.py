"""Prometheus metrics, one registry per process (served at /metrics)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

REGISTRY = CollectorRegistry(auto_describe=True)

REQUEST_SECONDS = Histogram(
    "mentorbot_request_seconds",
    "HTTP request latency by route and Slack request kind",
    ["route", "kind"],
    registry=REGISTRY,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
)
ACKS_OVER_BUDGET = Counter(
    "mentorbot_acks_over_budget_total",
    "Slack requests answered after the 3 s budget",
    ["kind"],
    registry=REGISTRY,
)
MESSAGES = Counter(
    "mentorbot_messages_total",
    "Scheduled messages by kind and outcome",
    ["kind", "outcome"],
    registry=REGISTRY,
)
QUEUE_DEPTH = Gauge(
    "mentorbot_queue_depth",
    "Scheduled messages waiting to be sent",
    registry=REGISTRY,
)
LISTENER_SECONDS = Histogram(
    "mentorbot_listener_seconds",
    "Time from dispatch to ack by listener (command, action_id, callback_id or event type)",
    ["kind", "listener"],
    registry=REGISTRY,
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 3.0),
)
WORKSPACES_SWITCHED_OFF = Counter(
    "mentorbot_workspaces_switched_off_total",
    "Workspaces that uninstalled the app or revoked its token",
    ["reason"],
    registry=REGISTRY,
)
WORK_QUEUE_DEPTH = Gauge(
    "mentorbot_work_queue_depth",
    "Acknowledged requests whose work waits for a worker",
    registry=REGISTRY,
)
WORK_WAIT_SECONDS = Histogram(
    "mentorbot_work_wait_seconds",
    "Time acknowledged work waited for a worker, by priority",
    ["priority"],
    registry=REGISTRY,
    buckets=(0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0),
)
WORK_SHED = Counter(
    "mentorbot_work_shed_total",
    "Requests answered 'busy, try again' because the work queue was full, by kind",
    ["kind"],
    registry=REGISTRY,
)
