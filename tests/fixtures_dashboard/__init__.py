"""Fake plugins for the dashboard and search tests (loaded through ``PLUGIN_MODULES``)."""
