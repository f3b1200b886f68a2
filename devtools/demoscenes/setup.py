"""Scene: Sam, the program admin, sets the program up before anyone joins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from handlers.slack import ids

if TYPE_CHECKING:
    from devtools.demo import Demo


def run(demo: Demo) -> None:
    """Program settings, with two mistakes caught in the form."""
    demo.title("Sam sets up the program")
    sam = demo.person("Sam")

    demo.say(sam, "types /mentor admin settings")
    demo.command(sam, "admin settings")
    demo.say(sam, "sets check-ins at 22:00, which would wake people up, and mistypes the time zone")
    demo.submit(
        sam,
        {
            ids.ADMIN_SETTINGS_HOUR: "22",
            ids.ADMIN_SETTINGS_NAME: "Acme Mentorship",
            ids.ADMIN_SETTINGS_ZONE: "Europe/Berln",
        },
    )
    demo.say(sam, "picks 10:00 and Europe/Berlin, a 12-week program, and five days to answer requests")
    demo.submit(
        sam,
        {
            ids.ADMIN_SETTINGS_HOUR: "10",
            ids.ADMIN_SETTINGS_NAME: "Acme Mentorship",
            ids.ADMIN_SETTINGS_ZONE: "europe/berlin",
            ids.ADMIN_SETTINGS_LENGTH: "12",
            ids.ADMIN_SETTINGS_EXPIRY: "5",
        },
    )
    demo.flush()
