"""What plugins hand to the core: plain declarative data; the core owns the behaviour."""
import re
from dataclasses import dataclass, field
from decimal import Decimal

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,30}$")


@dataclass(frozen=True)
class PluginInfo:
    """Who a plugin is. ``key`` must equal the name it is registered under (entry-point name or
    the package name under ``plugins/``)."""

    key: str
    title: str
    version: str
    regulation: str
    description: str = ""
    requires: tuple[str, ...] = ()
    # "keep": data under legal retention, `flask plugins purge` refuses; "purge_allowed" otherwise.
    retention: str = "purge_allowed"
    # Cap on accounts per reporting unit holding any of this plugin's roles (None: no cap).
    accounts_per_unit: int | None = None


@dataclass(frozen=True)
class Permission:
    """A permission; its name starts with the declaring plugin's key and a dot (``core.`` for the core)."""

    name: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class RoleSpec:
    """A default role. ``key`` starts with the plugin key and a dot, except the core's own roles.

    ``delegable``: a unit administrator (``core.memberships.grant`` on the unit) may grant it without
    holding its permissions — the officers' roles of a regime whose unit administrator is not an officer
    (QĐ 09/2024 Đ7.3: the administrator account hands out entry, consolidation, approval, sending)."""

    key: str
    title: str
    permissions: tuple[str, ...] = ()
    description: str = ""
    delegable: bool = False


@dataclass(frozen=True)
class MenuItem:
    """A navigation entry. Shown when the user holds ``permission`` (None: any signed-in user)."""

    label: str
    endpoint: str
    permission: str | None = None
    section: str = "main"
    order: int = 100
    plugin: str = field(default="", compare=False)


@dataclass(frozen=True)
class JobSpec:
    """A job for the core scheduler. ``key`` starts with the plugin key and a dot (``core.`` for the
    core's own); ``func`` is ``"package.module:callable"``, called with no arguments inside an app
    context; ``trigger`` is "cron" or "interval" with APScheduler's arguments in ``trigger_args``
    (cron fields are read in Asia/Ho_Chi_Minh). The scheduler runs each due time once, whatever the
    number of processes."""

    key: str
    func: str
    trigger: str
    trigger_args: dict = field(default_factory=dict, hash=False)
    title: str = ""
    misfire_grace_time: int = 3600


@dataclass(frozen=True)
class FieldSpec:
    """One figure or text of a report type. ``kind``: "int", "decimal", "text", "date". ``aggregate`` says
    how a parent unit's consolidation combines its children's values: "sum", "mean", "max", "min", "count",
    "none".
    ``minimum`` / ``maximum`` bound a number (a count is never negative, a percentage at most 100): a
    value outside them is refused at the field. ``group`` names the table or section the field belongs
    to, for pages that lay fields out in groups."""

    name: str
    label: str
    kind: str = "int"
    unit: str = ""
    required: bool = False
    aggregate: str = "sum"
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    group: str = ""


@dataclass(frozen=True)
class ReportType:
    """A report a regime asks for: its fields, who does each workflow step, and its documents.

    ``rule_keys`` are the obligation rules whose obligations this report answers. Each step's permission
    is checked on the submission's unit: ``enter_permission`` (draft, edit, submit), ``approve_permission``
    (approve, return), ``send_permission`` (sign, send), ``consolidate_permission`` (build from children).
    With ``requires_signature`` a report cannot be sent before it is signed. ``document_template`` is a
    Jinja template under the plugin's ``templates/<key>/`` rendered into the shared administrative-document
    layout; ``aggregator`` ("module:callable") replaces per-field aggregation when given.

    ``validator`` ("module:callable"), when given, is called as ``validator(report_type, values)`` with the
    values already read and checked field by field, and returns ``{field name: message}`` for what the
    regime forbids across fields (totals that must match, formulas); any message refuses the save.
    ``entry_endpoint``, when given, is the plugin's own data-entry page (called with ``submission_id``),
    linked from the core's report page instead of the generic form. ``contributors`` ("module:callable"),
    when given, is called as ``contributors(report_type, unit)`` and returns the units whose reports
    ``unit`` consolidates (None: its children in the tree), for regimes where a lead department compiles
    agencies that are not under it.
    """

    key: str
    title: str
    fields: tuple[FieldSpec, ...]
    enter_permission: str
    approve_permission: str
    send_permission: str
    consolidate_permission: str | None = None
    rule_keys: tuple[str, ...] = ()
    requires_signature: bool = False
    document_template: str | None = None
    document_code: str = "BC"
    aggregator: str | None = None
    description: str = ""
    validator: str | None = None
    entry_endpoint: str | None = None
    contributors: str | None = None


@dataclass(frozen=True)
class SearchHit:
    """One search result: a title and the URL of the record, with a short snippet."""

    title: str
    url: str
    snippet: str = ""
    kind: str = ""
    plugin: str = field(default="", compare=False)
