"""Mentor matching, one concept in one place.

- ``rules``: who may be paired (hard constraints), how well a pair fits (the 0..1000 score) and
  why (reasons, explanations for those left unmatched); pure Python.
- ``solver``: the global round and the suggestions: candidates scored with numpy, the assignment
  solved with OR-Tools min-cost flow, giving exactly the scores of ``rules``.
"""
