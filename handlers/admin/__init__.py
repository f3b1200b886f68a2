"""The admin surface: the gate and `/mentor admin` router, the console, reports and charts."""
