"""The shared look: home page, navigation, language choice, error pages, template filters."""


def init_app(app):
    from platform_core.ui import errors, filters, home, navigation

    filters.init_app(app)
    navigation.init_app(app)
    errors.init_app(app)
    home.init_app(app)
