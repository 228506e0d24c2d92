"""Bundled regulation plugins. Each sub-package is one regime with the same shape (see docs/plugin-guide.md)."""
