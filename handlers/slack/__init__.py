"""Slack plumbing shared by every feature: the gateway, installations, the listener registry and
command router, middleware, messaging, errors, signed views, one-time forms, input checks, work
queue, formatting, Block Kit kit, the wire ids and the shared texts."""
