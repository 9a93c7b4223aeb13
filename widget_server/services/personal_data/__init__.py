"""Privacy: one person's data exported or erased, retention, consent texts."""
