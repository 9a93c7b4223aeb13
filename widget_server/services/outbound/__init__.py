"""Notifications and the outbox: messages written with the change, delivered later."""
