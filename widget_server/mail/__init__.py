"""Email: composing messages from templates in each reader's language, and sending them."""
