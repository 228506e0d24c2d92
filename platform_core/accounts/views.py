"""Registers the account pages (sign-in, administration, registration requests) and the forced
password change."""
from platform_core.accounts import auth_views, registration_views, user_views  # noqa: F401 (add routes)
from platform_core.accounts.blueprint import bp


def init_app(app):
    app.register_blueprint(bp)
    app.before_request(auth_views.force_password_change)
