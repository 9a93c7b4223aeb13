"""The JSON API under /api/v1: public (publishable key) and admin (secret key) blueprints."""
