"""Peer circles at the Slack edge: the scheduler's circle messages (Block Kit, texts, ids).

The listeners (rounds in the admin channel, the intro, leave/pause, the meeting log and the
closing reflection forms) answer the action ids in `handlers.circles.ids` by calling
bot.services.circles.
"""
