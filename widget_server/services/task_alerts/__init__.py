"""Task alerts: subscriptions, their links, matching and the weekly email."""
