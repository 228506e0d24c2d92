"""The plugin system: the contract (hookspecs.py), loading (manager.py), runtime activation (activation.py)."""
