"""What a pair does week to week (listeners, Block Kit, texts)."""
