"""Flask-WTF forms of the admin panel, one module per area."""
