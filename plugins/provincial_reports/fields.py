"""From a regime version to the core's report type: one field per outline section and per table cell.

Field names: an outline section ``s1`` is ``section__s1``; the cell of indicator ``DS01`` in column
``nam`` is ``DS01__nam`` (formulas write it ``DS01.nam``). A table disaggregated by a dimension has one
column per category and a ``total`` column; a table without one has the single column ``total``.
Every version is its own report type (``provincial_reports.regime_<id>_v<n>``) answering obligations of
the rule with the same key, so a submission keeps the fields it was entered with.
"""
import re
from dataclasses import dataclass

from flask import g
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError

from platform_core import FieldSpec, ReportType
from platform_core.extensions import db

KEY = "provincial_reports"
TOTAL = "total"
SECTION_PREFIX = "section__"
REPORT_TYPE_KEY = re.compile(rf"^{KEY}\.regime_(\d+)_v(\d+)$")
VALIDATOR = "plugins.provincial_reports.validation:validate"
ENTRY_ENDPOINT = "provincial_reports.entry"
CONTRIBUTORS = "plugins.provincial_reports.consolidation:contributors_of"
DOCUMENT_TEMPLATE = f"{KEY}/documents/regime.html"
PERCENT_MAX = 100
_KINDS = {"integer": "int", "decimal": "decimal", "percent": "decimal", "text": "text", "boolean": "int"}


def cell_name(indicator_code: str, column: str) -> str:
    return f"{indicator_code}__{column}"


def cell_ref(field_name: str) -> str:
    """``DS01__nam`` → ``DS01.nam`` (how formulas name a cell)."""
    return field_name.replace("__", ".", 1)


def section_name(key: str) -> str:
    return f"{SECTION_PREFIX}{key}"


@dataclass(frozen=True)
class Column:
    key: str
    label: str


def columns(table: dict, dimensions: dict) -> list[Column]:
    """The columns of ``table``: one per category of its dimension and the total, or the total alone."""
    dimension = dimensions.get(table.get("dimension") or "")
    if dimension is None:
        return [Column(TOTAL, "Giá trị")]
    return [*(Column(c["key"], c["label"]) for c in dimension.categories), Column(TOTAL, "Tổng số")]


def cells(definition: dict, dimensions: dict) -> set[str]:
    """Every cell of the definition's tables, as formulas name them (``DS01.nam``)."""
    return {f"{row['indicator']}.{col.key}" for table in definition.get("tables", [])
            for row in table.get("rows", []) for col in columns(table, dimensions)}


def formula_targets(definition: dict) -> set[str]:
    """Cells computed by a formula (``DS01.total``): entered by nobody, computed on every save."""
    from plugins.provincial_reports import formulas

    targets = set()
    for table in definition.get("tables", []):
        for text in table.get("formulas", []):
            try:
                targets.add(formulas.parse(text).target)
            except formulas.FormulaError:
                continue  # the builder refuses it at save; it computes nothing
    return targets


def _field(indicator, column: Column, table: dict, row: dict, computed: set[str]) -> FieldSpec:
    kind = _KINDS.get(indicator.data_type, "decimal")
    minimum = maximum = None
    if indicator.data_type in ("integer", "decimal", "percent") and not indicator.allow_negative:
        minimum = 0
    if indicator.data_type == "percent":
        maximum = PERCENT_MAX
    if indicator.data_type == "boolean":
        minimum, maximum = 0, 1
    aggregate = indicator.aggregate if indicator.aggregate in ("sum", "mean", "max") else "none"
    if indicator.data_type == "boolean":
        aggregate = "sum"  # how many units answered yes
    ref = f"{indicator.code}.{column.key}"
    required = bool(row.get("required")) and ref not in computed
    alone = column.key == TOTAL and column.label == "Giá trị"  # a table without disaggregation
    label = indicator.name if alone else f"{indicator.name} — {column.label}"
    return FieldSpec(cell_name(indicator.code, column.key), f"{indicator.code}. {label}", kind,
                     indicator.unit_of_measure, required=required,
                     aggregate=aggregate, minimum=minimum, maximum=maximum, group=table.get("title", ""))


def build_fields(definition: dict, indicators: dict, dimensions: dict) -> tuple[FieldSpec, ...]:
    """The fields of a definition: outline sections first (Đ11.1: outline and tables), then every table
    cell row by row. Rows naming an unknown indicator are skipped (the builder refuses to save them)."""
    out = [FieldSpec(section_name(s["key"]), s["title"], "text", required=bool(s.get("required")),
                     aggregate="none", group="Đề cương báo cáo")
           for s in definition.get("outline", [])]
    computed = formula_targets(definition)
    for table in definition.get("tables", []):
        for row in table.get("rows", []):
            indicator = indicators.get(row.get("indicator"))
            if indicator is None:
                continue
            out.extend(_field(indicator, column, table, row, computed) for column in columns(table, dimensions))
    return tuple(out)


def build_report_type(regime, version, indicators: dict, dimensions: dict) -> ReportType:
    key = f"{KEY}.regime_{regime.id}_v{version.number}"
    return ReportType(
        key, regime.name, build_fields(version.definition or {}, indicators, dimensions),
        enter_permission=f"{KEY}.report.enter", approve_permission=f"{KEY}.report.approve",
        send_permission=f"{KEY}.report.send", consolidate_permission=f"{KEY}.report.consolidate",
        rule_keys=(key,), requires_signature=regime.requires_signature, document_template=DOCUMENT_TEMPLATE,
        document_code="BC", validator=VALIDATOR, entry_endpoint=ENTRY_ENDPOINT, contributors=CONTRIBUTORS,
        description=regime.content[:500] if regime.content else "")


def library() -> tuple[dict, dict]:
    """``(indicators by code, dimensions by code)``, read once per application context."""
    from plugins.provincial_reports.models import Dimension, Indicator

    cached = g.get("_provincial_reports_library")
    if cached is None:
        cached = ({i.code: i for i in db.session.scalars(select(Indicator))},
                  {d.code: d for d in db.session.scalars(select(Dimension))})
        g._provincial_reports_library = cached
    return cached


def forget() -> None:
    """Drop this context's cached library and report types: call after saving indicators or regimes."""
    from platform_core.workflow.registry import forget_configured

    g.pop("_provincial_reports_library", None)
    forget_configured()


def configured_report_types() -> list[ReportType]:
    """A report type per version of every regime that is in force or retired (drafts have none yet)."""
    from plugins.provincial_reports.models import STATUS_DRAFT, Regime, RegimeVersion

    try:
        rows = db.session.execute(select(Regime, RegimeVersion).join(RegimeVersion.regime)
                                  .where(Regime.status != STATUS_DRAFT)
                                  .order_by(Regime.id, RegimeVersion.number)).all()
    except (OperationalError, ProgrammingError):  # the plugin's tables are not migrated yet
        db.session.rollback()
        return []
    if not rows:
        return []
    indicators, dimensions = library()
    return [build_report_type(regime, version, indicators, dimensions) for regime, version in rows]


def version_of(report_type_key: str):
    """The :class:`RegimeVersion` behind a report type key, or None."""
    from plugins.provincial_reports.models import RegimeVersion

    match = REPORT_TYPE_KEY.match(report_type_key or "")
    if match is None:
        return None
    return db.session.scalar(select(RegimeVersion).where(RegimeVersion.regime_id == int(match[1]),
                                                         RegimeVersion.number == int(match[2])))
