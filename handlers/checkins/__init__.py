"""Check-ins: the scheduled nudges and their answers (listeners, Block Kit, texts)."""
