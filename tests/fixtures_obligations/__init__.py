"""Fake plugins and helpers for the obligation and work-queue tests (loaded through ``PLUGIN_MODULES``)."""
