"""Search (CORE-21): ``matching`` compares text without case and diacritics, ``service`` finds the core's
records and asks the plugins, ``views`` is the page ``/search``."""


def init_app(app):
    from platform_core.search import matching, views  # noqa: F401  (matching registers the SQLite function)

    views.init_app(app)
