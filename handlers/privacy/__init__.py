"""Confidential concerns, and a person's own data (my-data, delete-my-data)."""
