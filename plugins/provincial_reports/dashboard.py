"""Province-level figures of the configured regimes (RPT-08; QĐ 09/2024 Đ6.2, Đ12): the totals of a period,
their trend, how many units completed, and the figures published on the core's public page.

Which data counts. A report counts with the data of its latest approved, signed or sent version (a later
amendment still in draft does not hide what was approved). To add up units without counting a figure
twice, a report is left out when a counted *consolidated* report used it: the core records, in every
consolidation, which child report versions went into the parent's figures (``sources``), so a commune's
report is left out once its district's consolidated report is final, and the district's once the
province's is — whatever the shape of the consolidation (the tree, or a lead department that compiles
other agencies' reports). A child that had no approved report when its parent was consolidated was not
in the parent's figures, so its report, approved later, counts on its own. Units that report their own
figures without consolidating (a regime with ``consolidates`` off) all count.

How cells add up. Each cell combines as its indicator says (``sum``; ``mean`` rounded half up to two
places; ``max``; ``none`` and text are not combined; a yes/no indicator counts the yes), then the cells a
formula computes (a rate from two totals) are computed again from the province's totals, never averaged.

Completion. The units obligated for a period are those with an obligation of one of the regime's rules
(one per version), not waived. A unit has completed once its report has an approved version. A period is
complete — and its published figures appear on the public page — when every obligated unit has completed
(so every report was submitted and approved), and at least one unit was obligated.

The figures are the whole province's, whoever looks: totals of every unit, not of the viewer's units.
"""
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import select

from platform_core.extensions import db
from platform_core.obligations.models import Obligation
from plugins.provincial_reports import fields, formulas, grid

SYSTEM = "Hệ thống thông tin báo cáo tỉnh Nghệ An"
SOURCE = f"Nguồn: {SYSTEM}"
FINAL = ("approved", "signed", "sent")
WAIVED = "waived"
TREND_PERIODS = 12
PUBLISHED_LOOKBACK = 24
MEAN_PLACES = Decimal("0.01")


# ---------------------------------------------------------------- regimes, versions, periods

def regimes(include_retired: bool = True) -> list:
    """Regimes that have report types (in force, and retired ones when asked), by name."""
    from plugins.provincial_reports.models import STATUS_ACTIVE, STATUS_DRAFT, Regime

    stmt = select(Regime).order_by(Regime.name, Regime.id)
    stmt = stmt.where(Regime.status != STATUS_DRAFT) if include_retired else stmt.where(Regime.status == STATUS_ACTIVE)
    return list(db.session.scalars(stmt))


def report_type_keys(regime) -> list[str]:
    """One report type (and obligation rule) per version."""
    return [v.report_type_key for v in regime.versions]


def version_for(regime, period_key: str | None):
    """The version in force for ``period_key``: the latest whose ``valid_from`` is not after it."""
    chosen = None
    for version in sorted(regime.versions, key=lambda v: v.number):
        if version.valid_from is None or period_key is None or version.valid_from <= period_key:
            chosen = version
    return chosen or (regime.versions[0] if regime.versions else None)


def periods(regime, limit: int | None = None) -> list[str]:
    """Period keys the regime has obligations or reports for, newest first."""
    from platform_core.workflow.models import Submission

    keys = report_type_keys(regime)
    if not keys:
        return []
    found = set(db.session.scalars(select(Obligation.period_key).where(
        Obligation.rule_key.in_(keys), Obligation.subject_ref == "").distinct()))
    found |= set(db.session.scalars(select(Submission.period_key).where(
        Submission.report_type_key.in_(keys), Submission.period_key.is_not(None)).distinct()))
    ordered = sorted(found, reverse=True)
    return ordered[:limit] if limit else ordered


# ---------------------------------------------------------------- what the units reported

@dataclass
class UnitReport:
    """A unit's report of the period and the data of its latest approved version."""

    unit: object
    submission: object
    data: dict
    version_number: int
    consolidated: bool


def final_reports(regime, period_key: str) -> list[UnitReport]:
    """The reports of the period that have an approved version (one per unit: the latest), by unit code."""
    from platform_core.workflow.models import Submission, SubmissionVersion

    keys = report_type_keys(regime)
    if not keys:
        return []
    submissions = {s.id: s for s in db.session.scalars(select(Submission).where(
        Submission.report_type_key.in_(keys), Submission.period_key == period_key))}
    if not submissions:
        return []
    latest: dict[int, SubmissionVersion] = {}
    for version in db.session.scalars(select(SubmissionVersion).where(
            SubmissionVersion.submission_id.in_(submissions), SubmissionVersion.status.in_(FINAL))
            .order_by(SubmissionVersion.submission_id, SubmissionVersion.number)):
        latest[version.submission_id] = version
    by_unit: dict[int, UnitReport] = {}
    for submission_id in sorted(latest):
        submission, version = submissions[submission_id], latest[submission_id]
        by_unit[submission.unit_id] = UnitReport(submission.unit, submission, dict(version.data or {}),
                                                 version.number, bool(submission.is_consolidated))
    return sorted(by_unit.values(), key=lambda r: r.unit.code)


def counted(reports: list[UnitReport]) -> list[UnitReport]:
    """The reports that add up to the province's figures (see the module docstring)."""
    from platform_core.workflow import consolidation

    used = set()
    for report in reports:
        if not report.consolidated:
            continue
        sources = consolidation.latest_sources(report.submission) or {}
        used |= {c.get("submission_id") for c in sources.get("children", []) if c.get("version_number")}
    return [r for r in reports if r.submission.id not in used]


# ---------------------------------------------------------------- adding up

def _number(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _combine(how: str, numbers: list[Decimal]) -> Decimal | None:
    if not numbers:
        return None
    if how == "sum":
        return sum(numbers, Decimal(0))
    if how == "mean":
        return (sum(numbers, Decimal(0)) / len(numbers)).quantize(MEAN_PLACES, rounding=ROUND_HALF_UP)
    if how == "max":
        return max(numbers)
    if how == "min":
        return min(numbers)
    return None


def _how(indicator) -> str:
    if indicator is None or indicator.data_type == "text":
        return "none"
    if indicator.data_type == "boolean":
        return "sum"
    return indicator.aggregate


def aggregate(definition: dict, rows: list[dict]) -> dict[str, Decimal]:
    """Cell name → the province's value from the units' data ``rows`` (absent when nobody gave one)."""
    indicators, dimensions = fields.library()
    g = grid.build(definition, indicators, dimensions)
    out = {}
    for cell in g.cells:
        code = cell.ref.split(".", 1)[0]
        value = _combine(_how(indicators.get(code)), [n for n in (_number(r.get(cell.name)) for r in rows)
                                                      if n is not None])
        if value is not None:
            out[cell.name] = value
    texts = [text for table in definition.get("tables", []) for text in table.get("formulas", [])]
    if texts:
        try:
            ordered = formulas.check(texts, fields.cells(definition, dimensions))
        except formulas.FormulaError:
            ordered = []
        if ordered:
            numbers = {fields.cell_ref(name): value for name, value in out.items()}
            results = formulas.evaluate(ordered, numbers)
            for formula in ordered:
                name = fields.cell_name(*formula.target.split(".", 1))
                if results.get(formula.target) is None:
                    out.pop(name, None)
                else:
                    out[name] = results[formula.target]
    return out


def number_text(value) -> str:
    """A figure the Vietnamese way (1.234.567,5); whole numbers without decimals."""
    from platform_core.documents.values import format_number

    if value is None:
        return ""
    number = _number(value)
    if number is None:
        return str(value)
    if number == number.to_integral_value():
        return format_number(int(number))
    return format_number(number.normalize())


# ---------------------------------------------------------------- a period's figures

@dataclass
class Completion:
    obligated: int = 0
    submitted: int = 0
    completed: int = 0
    missing: list = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        if not self.obligated:
            return None
        return (Decimal(100) * self.completed / self.obligated).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{number_text(self.rate)} %"

    @property
    def complete(self) -> bool:
        return self.obligated > 0 and self.completed == self.obligated


def completion(regime, period_key: str, reports: list[UnitReport] | None = None) -> Completion:
    """How many obligated units submitted and completed (approved) their report of the period."""
    keys = report_type_keys(regime)
    if not keys:
        return Completion()
    obligations = list(db.session.scalars(select(Obligation).where(
        Obligation.rule_key.in_(keys), Obligation.period_key == period_key, Obligation.subject_ref == "",
        Obligation.status != WAIVED).order_by(Obligation.id)))
    reports = final_reports(regime, period_key) if reports is None else reports
    done = {r.unit.id for r in reports}
    units = {}
    for ob in obligations:
        units.setdefault(ob.unit_id, ob)
    return Completion(
        obligated=len(units),
        submitted=sum(1 for ob in units.values() if ob.submitted_at is not None or ob.unit_id in done),
        completed=sum(1 for unit_id in units if unit_id in done),
        missing=sorted((ob.unit for unit_id, ob in units.items() if unit_id not in done), key=lambda u: u.code),
    )


def province_figures(regime, period_key: str) -> dict:
    """The province's figures of ``regime`` for ``period_key``::

        {"regime", "period_key", "period" (text), "version", "values" {cell: Decimal},
         "tables": [{"title", "columns": [Column], "rows": [{"code", "name", "unit", "published",
                     "values": [Decimal | None per column], "texts": [str per column]}]}],
         "figures": [{"code", "name", "unit", "published", "value", "text"}]   (the total column),
         "reports" (counted UnitReports), "all_reports", "completion" (Completion)}
    """
    version = version_for(regime, period_key)
    definition = (version.definition if version is not None else None) or {}
    published = set(definition.get("published", []))
    reports = final_reports(regime, period_key)
    used = counted(reports)
    values = aggregate(definition, [r.data for r in used])
    indicators, dimensions = fields.library()
    g = grid.build(definition, indicators, dimensions)
    tables, figures = [], []
    for table in g.tables:
        rows = []
        for row in table.rows:
            if not row.known:
                continue
            cells = [values.get(c.name) for c in row.cells]
            rows.append({"code": row.code, "name": row.name, "unit": row.unit, "published": row.code in published,
                         "values": cells, "texts": [number_text(v) for v in cells]})
            total = values.get(fields.cell_name(row.code, fields.TOTAL))
            figures.append({"code": row.code, "name": row.name, "unit": row.unit, "published": row.code in published,
                            "value": total, "text": number_text(total)})
        tables.append({"title": table.title, "columns": table.columns, "rows": rows})
    return {"regime": regime, "period_key": period_key, "period": grid.period_text(period_key), "version": version,
            "values": values, "tables": tables, "figures": figures, "reports": used, "all_reports": reports,
            "completion": completion(regime, period_key, reports)}


def trend(regime, indicator_code: str, periods_: list[str]) -> list[tuple[str, str, Decimal | None]]:
    """``[(period key, period text, province total)]`` of one indicator, oldest period first."""
    name = fields.cell_name(indicator_code, fields.TOTAL)
    out = []
    for period_key in sorted(periods_):
        version = version_for(regime, period_key)
        definition = (version.definition if version is not None else None) or {}
        values = aggregate(definition, [r.data for r in counted(final_reports(regime, period_key))])
        out.append((period_key, grid.period_text(period_key), values.get(name)))
    return out


# ---------------------------------------------------------------- the public page

def latest_complete_period(regime, lookback: int = PUBLISHED_LOOKBACK) -> str | None:
    for period_key in periods(regime, lookback):
        if completion(regime, period_key).complete:
            return period_key
    return None


def published_figures() -> list[dict]:
    """For every regime in force, the indicators its version publishes, at the latest period every obligated
    unit has completed: ``{"title", "rows": [(name (unit), value as written)], "source"}``. The core's page
    writes "Nguồn: <source>, cập nhật <time>", so ``source`` is the system's name without "Nguồn:"."""
    out = []
    for regime in regimes(include_retired=False):
        period_key = latest_complete_period(regime)
        if period_key is None:
            continue
        figures = province_figures(regime, period_key)
        rows = [(f"{f['name']} ({f['unit']})" if f["unit"] else f["name"], f["text"])
                for f in figures["figures"] if f["published"] and f["value"] is not None]
        if rows:
            out.append({"title": f"{regime.name} — kỳ {figures['period']}", "rows": rows, "source": SYSTEM})
    return out
