"""Business rules. Each function takes a session and plain values; none imports Flask."""
