"""The Home tab: a person's dashboard, with sections the features add."""
