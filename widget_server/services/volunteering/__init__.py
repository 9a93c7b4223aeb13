"""Sign-ups and capacity: taking a slot, statuses, waitlist offers, certificates."""
