"""Who may act: accounts, sessions, invitations, teams, organizations and API keys."""
