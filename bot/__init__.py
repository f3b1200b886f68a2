"""Mentorbot: a Slack-native mentorship program, from pairing to graduation."""

__version__ = "0.1.0"
