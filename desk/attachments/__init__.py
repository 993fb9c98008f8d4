"""Photos and files attached to a request, a work order or a renovation inspection."""
