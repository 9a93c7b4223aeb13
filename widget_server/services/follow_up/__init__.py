"""The follow-up promise: when an answer is due, nudges, and how well it is kept."""
