"""Developer tools that never ship: the local Slack emulator, the demo and its scenes."""
