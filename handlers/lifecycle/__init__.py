"""The life of a mentorship: status (and its Home section), pause, resume, end."""
