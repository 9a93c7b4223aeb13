"""The server's front page: its directory of open remote tasks across organizations."""
