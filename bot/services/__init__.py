"""Use cases: one transaction each, through the unit of work; no Slack here."""
