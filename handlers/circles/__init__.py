"""Peer circles at the Slack edge: the circle settings in the program form, rounds in the admin
channel (proposal, approve once, discard, per-circle edits), intros in each circle's group DM,
joining, `/mentor circle`, hosting, the meeting log, the closing reflection and the Home section."""
