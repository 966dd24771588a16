class UnreadableDocument(ValueError):
    """The document cannot be read; the message is the reason, for people."""
