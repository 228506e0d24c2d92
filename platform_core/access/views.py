"""Admin pages for roles and memberships (filled in by the access work)."""


def init_app(app):
    pass
