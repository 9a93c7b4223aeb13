"""`widget-server demo`: a ready-to-try server, its content and its example host pages."""
