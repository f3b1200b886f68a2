"""Private feedback between the members of a pair (coached once)."""
