"""Reading untrusted input: payload validation, text rules, addresses, form tokens."""
