"""The pluggy markers. A plugin decorates its hook implementations with ``hookimpl``."""
import pluggy

PROJECT = "platform_core"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
