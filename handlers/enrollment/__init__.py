"""Enrollment: join, profile, opt out (listeners, Block Kit, texts)."""
