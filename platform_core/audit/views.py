"""Administrator page of the audit log (filled in by the audit work)."""


def init_app(app):
    pass
