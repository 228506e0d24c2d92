"""Backups (CORE-17): ``flask backup create|list|verify|restore|prune`` (``cli``), the scheduled job
(``jobs``), the work itself in ``service``; the file format in ``archive``; one module per database."""


def init_app(app):
    pass
