"""Peer circles at the Slack edge: the circle settings in the program form, rounds in the admin
channel (proposal, approve once, discard, per-circle edits), intros in each circle's group DM,
joining, `/mentor circle`, hosting, the meeting log, the closing reflection, the Home section, and
the scheduler's circle messages.

- ``listeners``: every command, button and form (each value checked against the database).
- ``round_blocks`` / ``posting``: the proposal in the admin channel (the CLI posts it the same way).
- ``member_blocks``: the join form, the intro, `/mentor circle`, seats, the log and reflection forms, Home.
- ``blocks``: the scheduler's circle messages (wired through handlers.rendering).
- ``settings``: the circle settings in the program form.
"""
