"""SMART goals: set (coached once), milestones, progress, target dates, achieved."""
