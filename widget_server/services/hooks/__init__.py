"""Webhooks: endpoints, events, signatures, allowed URLs and delivery."""
