"""CLI commands (to be filled in)."""


def register(app):
    pass
