"""Example plugins for plugin authors; not loaded by deployments (they live outside ``plugins/``)."""
