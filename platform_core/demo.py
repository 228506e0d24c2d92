"""``flask demo seed`` (to be filled in)."""


def register(app):
    pass
