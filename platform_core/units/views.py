"""Web pages (to be filled in)."""


def init_app(app):
    pass
