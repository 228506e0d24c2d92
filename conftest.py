pytest_plugins = ["platform_core.testing.pytest_plugin"]
