"""Every callback_id, action_id and block_id, prefixed by feature. Builders and register() share them."""

# -- enrollment ------------------------------------------------------------------------------
PROFILE_MODAL = "profile_modal"
PROFILE_ROLE = "profile_role"
PROFILE_OFFERS = "profile_offers"
PROFILE_WANTS = "profile_wants"
PROFILE_REASONS = "profile_reasons"
PROFILE_DEPARTMENT = "profile_department"
PROFILE_CAPACITY = "profile_capacity"
PROFILE_CADENCE = "profile_cadence"
PROFILE_FORMATS = "profile_formats"
PROFILE_INTRO = "profile_intro"
PROFILE_SHOUTOUTS = "profile_shoutouts"
PROFILE_OPEN = "profile_open"  # button: open the profile modal (home, invite DM, confirmation DM)

# -- home --------------------------------------------------------------------------------------
HOME_FIND = "home_find"
HOME_GOAL = "home_goal"
HOME_LOG = "home_log"
HOME_FEEDBACK = "home_feedback"
HOME_HELP = "home_help"
HOME_ACTION_DONE = "home_action_done"  # value: action item id

# -- pairing (issue 3) ------------------------------------------------------------------------
FIND_REQUEST = "pairing_find_request"  # value: mentor person id
REQUEST_MODAL = "pairing_request_modal"
REQUEST_MESSAGE = "pairing_request_message"
REQUEST_ACCEPT = "pairing_request_accept"  # value: request id
REQUEST_DECLINE = "pairing_request_decline"  # value: request id
DECLINE_MODAL = "pairing_decline_modal"
DECLINE_NOTE = "pairing_decline_note"
ROUND_APPROVE = "pairing_round_approve"  # value: round id:revision
ROUND_DISCARD = "pairing_round_discard"  # value: round id
ROUND_PAIR = "pairing_round_pair"  # overflow per pair; option value: "remove" or "swap", then round id, revision, mentee id, page (colon-separated)
ROUND_PAGE = "pairing_round_page"  # value: round id:page
ROUND_SWAP_MODAL = "pairing_round_swap_modal"
ROUND_SWAP_MENTOR = "pairing_round_swap_mentor"
MANUAL_PAIR_CONFIRM = "pairing_manual_confirm"  # value: mentee person id:mentor person id
AGREEMENT_OPEN = "pairing_agreement_open"  # value: mentorship id
AGREEMENT_MODAL = "pairing_agreement_modal"
AGREEMENT_CADENCE = "pairing_agreement_cadence"
AGREEMENT_FORMAT = "pairing_agreement_format"
AGREEMENT_END = "pairing_agreement_end"
AGREEMENT_FIRST = "pairing_agreement_first"
AGREEMENT_TIME = "pairing_agreement_time"
AGREEMENT_BOUNDARIES = "pairing_agreement_boundaries"
AGREEMENT_CONFIDENTIAL = "pairing_agreement_confidential"
AGREEMENT_CONFIRM = "pairing_agreement_confirm"  # value: mentorship id
AGREEMENT_CHANGE = "pairing_agreement_change"  # value: mentorship id
AGREEMENT_NOTES = "pairing_agreement_notes"

# -- workflows (issue 4) -----------------------------------------------------------------------
GOAL_MODAL = "goal_modal"
GOAL_OPEN = "goal_open"  # value: mentorship id (optional)
GOAL_MILESTONE_DONE = "goal_milestone_done"  # value: milestone id
GOAL_PROGRESS = "goal_progress"  # value: goal id
GOAL_ACHIEVED = "goal_achieved"  # value: goal id
GOAL_ADJUST_DATE = "goal_adjust_date"  # value: goal id
SESSION_LOG_OPEN = "session_log_open"  # value: mentorship id; opens the session log modal
SESSION_MODAL = "session_modal"
FEEDBACK_OPEN = "feedback_open"  # value: mentorship id
FEEDBACK_MODAL = "feedback_modal"
END_MODAL = "end_modal"
CONCERN_MODAL = "concern_modal"
ASK_MODAL = "ask_modal"  # a plain question to the program team
ASK_TEXT = "ask_text"
DELETE_CONFIRM = "privacy_delete_confirm"
GOAL_PAIR = "goal_pair"
GOAL_TITLE = "goal_title"
GOAL_MEASURE = "goal_measure"
GOAL_RELEVANCE = "goal_relevance"
GOAL_TARGET = "goal_target"
GOAL_MILESTONES = "goal_milestones"
GOAL_SAVE_ANYWAY = "goal_save_anyway"
GOAL_PROGRESS_MODAL = "goal_progress_modal"
GOAL_PROGRESS_VALUE = "goal_progress_value"
GOAL_ADJUST_MODAL = "goal_adjust_modal"
GOAL_ADJUST_TARGET = "goal_adjust_target"
GOAL_ADJUST_REASON = "goal_adjust_reason"
SESSION_PAIR = "session_pair"
SESSION_DATE = "session_date"
SESSION_TAKEAWAYS = "session_takeaways"
SESSION_ACTIONS = "session_actions"
SESSION_NEXT = "session_next"
FEEDBACK_PAIR = "feedback_pair"
FEEDBACK_WELL = "feedback_well"
FEEDBACK_BETTER = "feedback_better"
FEEDBACK_SUGGESTION = "feedback_suggestion"
FEEDBACK_RATING = "feedback_rating"
FEEDBACK_SEND_ANYWAY = "feedback_send_anyway"
END_PAIR = "end_pair"
END_REASON = "end_reason"
END_PRIVATE = "end_private"
END_GRATITUDE = "end_gratitude"
END_STAY = "end_stay"
CONCERN_PAIR = "concern_pair"
CONCERN_TEXT = "concern_text"
PAUSE_PICK = "lifecycle_pause_pick"  # value: "<mentorship id>:<YYYY-MM-DD or empty>"
RESUME_PICK = "lifecycle_resume_pick"  # value: mentorship id

# -- scheduler (issue 5) -----------------------------------------------------------------------
CHECKIN_REMIND = "checkin_remind"  # value: scheduled message id
CHECKIN_SKIP = "checkin_skip"  # value: scheduled message id
CADENCE_ADJUST = "checkin_cadence_adjust"  # value: mentorship id
REFLECTION_OPEN = "reflection_open"  # value: mentorship id
REFLECTION_MODAL = "reflection_modal"
TRANSITION_CONCLUDE = "transition_conclude"  # value: mentorship id
TRANSITION_EXTEND = "transition_extend"  # value: mentorship id
TRANSITION_CONTINUE = "transition_continue"  # value: mentorship id
CLOSING_SURVEY_OPEN = "closing_survey_open"  # value: mentorship id
CADENCE_MODAL = "checkin_cadence_modal"
CADENCE_CHOICE = "checkin_cadence_choice"
REFLECTION_PROGRESS = "reflection_progress"
REFLECTION_RELATIONSHIP = "reflection_relationship"
REFLECTION_COMMENT = "reflection_comment"
CLOSING_STAY_IN_TOUCH = "closing_stay_in_touch"  # value: mentorship id

# -- admin (issue 6) ---------------------------------------------------------------------------
ADMIN_SETTINGS_MODAL = "admin_settings_modal"
ADMIN_ANNOUNCE_MODAL = "admin_announce_modal"
ADMIN_PAIR_ACTION = "admin_pair_action"  # overflow; value: "<action>:<mentorship id>"
ADMIN_PICK_PROGRAM = "admin_pick_program"  # value: {"p": program id, "c": the admin command text}
ADMIN_PROGRAM_MODAL = "admin_program_modal"
ADMIN_PROGRAM_NAME = "admin_program_name"
ADMIN_PROGRAM_KEY = "admin_program_key"
ADMIN_PROGRAM_FORMAT = "admin_program_format"
ADMIN_PROGRAM_ADMIN_CHANNEL = "admin_program_admin_channel"
ADMIN_PROGRAM_CHANNEL = "admin_program_channel"
ADMIN_PROGRAM_STATUS = "admin_program_status"
ADMIN_PROGRAM_ARCHIVE = "admin_program_archive"  # button; value: program id
ADMIN_SETTINGS_NAME = "admin_settings_name"
ADMIN_SETTINGS_CADENCE = "admin_settings_cadence"
ADMIN_SETTINGS_LENGTH = "admin_settings_length"
ADMIN_SETTINGS_HOUR = "admin_settings_hour"
ADMIN_SETTINGS_ZONE = "admin_settings_zone"
ADMIN_SETTINGS_EXPIRY = "admin_settings_expiry"
ADMIN_SETTINGS_THRESHOLD = "admin_settings_threshold"
DIGEST_OPEN_PAIRS = "digest_open_pairs"
ADMIN_SETTINGS_WEIGHT = "admin_settings_weight_"  # + topic|hours|cadence|format|cross_department
ADMIN_SETTINGS_COOLDOWN = "admin_settings_cooldown"
ADMIN_SETTINGS_CHANNEL = "admin_settings_channel"
ADMIN_SETTINGS_SHOUTOUTS = "admin_settings_shoutouts"
ADMIN_SETTINGS_ROUND_EVERY = "admin_settings_round_every"
ADMIN_SETTINGS_ROUND_DAY = "admin_settings_round_day"
ADMIN_SETTINGS_ROUND_AUTO = "admin_settings_round_auto"
ADMIN_ANNOUNCE_TEXT = "admin_announce_text"
ADMIN_ANNOUNCE_AUDIENCE = "admin_announce_audience"

# -- programs (issue 12) ------------------------------------------------------------------------
PROGRAM_PICK = "program_pick"  # button: run a command in this program; value JSON {p, c, t}

# -- peer circles (issue 13) ---------------------------------------------------------------------
# The circle settings in the program form.
CIRCLE_SET_AUDIENCE = "circle_set_audience"
CIRCLE_SET_MIN = "circle_set_min"
CIRCLE_SET_MAX = "circle_set_max"
CIRCLE_SET_WEEKS = "circle_set_weeks"
CIRCLE_SET_CADENCE = "circle_set_cadence"
CIRCLE_SET_COOLDOWN = "circle_set_cooldown"
# Joining a circles program.
CIRCLE_JOIN_MODAL = "circle_join_modal"
CIRCLE_JOIN_TOPICS = "circle_join_topics"
CIRCLE_JOIN_DEPARTMENT = "circle_join_department"
# Rounds in the admin channel (values carry ids; every click is checked against the database).
CIRCLE_ROUND_APPROVE = "circle_round_approve"  # value: round id
CIRCLE_ROUND_DISCARD = "circle_round_discard"  # value: round id
CIRCLE_ROUND_PAGE = "circle_round_page"  # value: "<round id>:<page>"
CIRCLE_ROUND_CSV = "circle_round_csv"  # value: round id
CIRCLE_ROUND_EDIT = "circle_round_edit"  # value: "<round id>:<circle index>:<proposal version>"
CIRCLE_EDIT_MODAL = "circle_edit_modal"
CIRCLE_EDIT_WHO = "circle_edit_who"
CIRCLE_EDIT_TO = "circle_edit_to"
CIRCLE_INTRO_RETRY = "circle_intro_retry"  # value: circle id (an admin opens its group DM again)
# A member's seat (values: the circle id; the service checks the clicker holds a seat in it).
CIRCLE_LEAVE = "circle_leave"
CIRCLE_PAUSE = "circle_pause"
CIRCLE_RESUME = "circle_resume"
CIRCLE_SUMMARY_OPEN = "circle_summary_open"  # value "<circle id>:<cycle>"
CIRCLE_SUMMARY_MODAL = "circle_summary_modal"
CIRCLE_SUMMARY_TEXT = "circle_summary_text"
CIRCLE_REFLECT_MODAL = "circle_reflect_modal"
CIRCLE_REFLECT_SCORE = "circle_reflect_score"
CIRCLE_REFLECT_COMMENT = "circle_reflect_comment"
# Buttons of the scheduler's circle messages (the same values as handlers.circles.blocks renders).
CIRCLE_MET_YES = (
    "circle_met_yes"  # value "<circle id>:<cycle>": we met (logged at once; a summary form opens)
)
CIRCLE_MET_NO = "circle_met_no"  # value "<circle id>:<cycle>": we didn't meet this time
CIRCLE_REFLECT_OPEN = "circle_reflect_open"  # value circle id: open the closing reflection form
# -- custom questions and "don't pair me with" (issue 14) -----------------------------------------
ADMIN_QUESTION_MODAL = "admin_question_modal"
ADMIN_QUESTION_ACTION = "admin_question_action"  # button; value: "add:<program id>" | "edit:<question id>"
ADMIN_QUESTION_ARCHIVE = "admin_question_archive"  # button; value: "archive:<id>" | "restore:<id>"
ADMIN_QUESTION_LABEL = "admin_question_label"
ADMIN_QUESTION_KEY = "admin_question_key"
ADMIN_QUESTION_KIND = "admin_question_kind"
ADMIN_QUESTION_OPTIONS = "admin_question_options"
ADMIN_QUESTION_RULE = "admin_question_rule"
ADMIN_QUESTION_WEIGHT = "admin_question_weight"
ADMIN_QUESTION_REASON = "admin_question_reason"
PROFILE_QUESTION_PREFIX = "profile_q_"  # + question key: one input per custom question
PROFILE_AVOID = "profile_avoid"  # multi users select: "don't pair me with"
AVOID_REMOVE = "avoid_remove"  # button; value: the Slack user id to take off the list
