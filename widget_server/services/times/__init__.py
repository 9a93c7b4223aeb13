"""Time: IANA zones, times shown far away, availability, working hours, calendars."""
