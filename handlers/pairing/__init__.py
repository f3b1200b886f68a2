"""Pairing: find a mentor, requests, agreements, admin matching (listeners, Block Kit, texts)."""
