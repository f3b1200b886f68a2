"""Helpers shared by the tests (conftest.py may import them; test modules import them from here)."""
