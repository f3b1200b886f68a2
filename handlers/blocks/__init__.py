"""Pure Block Kit builders (and their parsers), one module per feature."""
