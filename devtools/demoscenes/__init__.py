"""Demo scenes, one module per feature, each with `run(demo)`."""
