"""``flask plugins …`` (to be filled in)."""


def register(app):
    pass
