"""What the pair features (goals, sessions, feedback, lifecycle, privacy) share: the listener base
(telling the pair, refreshing Home tabs, modal openers), the coached form flow, pair pickers, the
goal and action-item cards, and shared texts. It knows no feature."""
