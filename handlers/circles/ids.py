"""The action ids the scheduler's circle messages carry (defined with every other id in
handlers.slack.ids; handlers.circles.listeners answers them).

Values: a meeting answer carries "<circle id>:<cycle>"; a reflection button the circle id.
"""

from handlers.slack.ids import CIRCLE_MET_NO, CIRCLE_MET_YES, CIRCLE_REFLECT_OPEN

__all__ = ["CIRCLE_MET_NO", "CIRCLE_MET_YES", "CIRCLE_REFLECT_OPEN"]
