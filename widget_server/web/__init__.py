"""What every blueprint shares: error answers, security headers, rate limits, caches, pages."""
