"""The scheduler: a timer that ticks the planner and dispatcher; due work lives in our tables."""
