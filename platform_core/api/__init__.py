"""The JSON API (CORE-19): personal tokens, ``/api/v1`` endpoints and their OpenAPI document."""


def init_app(app):
    from platform_core.api import views

    views.init_app(app)
