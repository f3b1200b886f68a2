"""Pure domain logic: no I/O, no Slack, no database. Functions take `now` as a parameter."""
