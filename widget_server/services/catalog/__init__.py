"""Tasks: their input, listing, import, search, feeds and the widget's look."""
