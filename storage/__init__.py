"""Persistence: records, repositories, unit of work and migrations."""
