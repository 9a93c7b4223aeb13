"""Feeds, sitemaps and robots.txt: open tasks for readers, aggregators and search engines."""
