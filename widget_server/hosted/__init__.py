"""Hosted pages (/o/<slug>): an organization's open tasks, for sharing and search engines."""
