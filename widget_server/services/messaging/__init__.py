"""Messages between an organization and its volunteers: one conversation per sign-up."""
