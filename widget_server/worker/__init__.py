"""`widget-server worker`: delivering the outbox and the passes that run on a schedule."""
