"""Session logs and their action items."""
