"""Collecting the rules plugins declare, once at start-up, into ``app.extensions["obligation_rules"]``.

Each plugin is asked on its own, so a rule that refuses to be built (31/02) is reported with the plugin
that declared it. Any problem stops start-up: a regime with a wrong deadline must not run quietly.
"""
from flask import current_app

from platform_core.obligations.rules import RULE_TYPES

EXTENSION = "obligation_rules"


def collect(app) -> dict:
    """``{rule_key: rule}`` from every loaded plugin (and the core), checked; RuntimeError names the plugin."""
    registry = app.extensions["plugins"]
    keys = ["core", *registry.loaded]
    rules = {}
    for plugin_key in keys:
        try:
            answers = registry.results("register_obligation_rules", keys={plugin_key}, app=app)
        except (ValueError, TypeError) as exc:
            raise RuntimeError(f"plugin {plugin_key}: invalid obligation rule: {exc}") from exc
        for _, declared in answers:
            for rule in declared or []:
                _check(plugin_key, rule, rules)
                rules[rule.key] = rule
    return dict(sorted(rules.items()))


def _check(plugin_key, rule, seen):
    if not isinstance(rule, RULE_TYPES):
        raise RuntimeError(f"plugin {plugin_key}: {rule!r} is not an obligation rule "
                           "(FixedYearly, Periodic, EventRelative or AdHoc)")
    if not rule.key.startswith(f"{plugin_key}."):
        raise RuntimeError(f"plugin {plugin_key}: obligation rule '{rule.key}' must start with '{plugin_key}.'")
    if rule.key in seen:
        raise RuntimeError(f"plugin {plugin_key}: obligation rule '{rule.key}' declared twice")


def init_app(app):
    app.extensions[EXTENSION] = collect(app)


def all_rules(app=None) -> dict:
    return (app or current_app).extensions.get(EXTENSION, {})


def get_rule(rule_key: str, kind=None, app=None):
    """The rule ``rule_key`` (of type ``kind`` when given); LookupError for an unknown key or wrong kind,
    which is a programming error of the caller."""
    rule = all_rules(app).get(rule_key)
    if rule is None:
        raise LookupError(f"unknown obligation rule '{rule_key}'")
    if kind is not None and not isinstance(rule, kind):
        raise LookupError(f"obligation rule '{rule_key}' is a {type(rule).__name__}, not a {kind.__name__}")
    return rule
