"""Action ids of the circles messages (buttons the scheduler's messages and the round carry).

Values: a meeting answer carries "<circle id>:<cycle>"; a reflection or seat button the circle
id; a round button the round id. bot.services.circles does the work behind each.
"""

CIRCLE_MET_YES = "circle_met_yes"  # value "<circle>:<cycle>": we met (open the short log form)
CIRCLE_MET_NO = "circle_met_no"  # value "<circle>:<cycle>": we didn't meet this time
CIRCLE_REFLECT_OPEN = "circle_reflect_open"  # value circle id: open the closing reflection form
CIRCLES_ROUND_APPROVE = "circles_round_approve"  # value round id
CIRCLES_ROUND_DISCARD = "circles_round_discard"  # value round id
