"""Accounts: personal user accounts (sign-in, passwords, administration) and registration requests.

Modules: ``models`` (tables), ``passwords`` and ``usernames`` (the rules), ``service`` and
``registration`` (what happens), ``*_views`` and ``forms`` (the pages), ``cli`` (``flask users``).
"""


def init_app(app):
    from platform_core.accounts import views

    views.init_app(app)
