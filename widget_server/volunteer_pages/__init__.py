"""Pages a volunteer reaches from their emails (/v) and certificate checks (/c)."""
