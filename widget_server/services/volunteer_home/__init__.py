"""A volunteer's own page across organizations: signing in by email, what it shows, what
can be done from it."""
