"""Admin page for plugins (to be filled in)."""


def init_app(app):
    pass
