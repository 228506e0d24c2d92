"""A regime version's content laid out as the officer sees it: outline sections, then each data table as
rows of indicators and columns of categories, each cell knowing its field name, whether a formula computes
it (and which) and whether it must be filled.

Shared by the entry page, the regime builder's preview and the ND 30 document body, which reach it through
the Jinja global ``provincial_reports_grid(subject)`` (registered by ``views_entry``): ``subject`` is a
definition dict, a :class:`~plugins.provincial_reports.models.RegimeVersion`, a report type or its key;
and ``provincial_reports_period(period_key)`` writes a period the way a sentence needs it ("quý I/2026").
"""
import re
from dataclasses import dataclass

from plugins.provincial_reports import fields

_KINDS = {"integer": "int", "boolean": "int", "decimal": "decimal", "percent": "decimal", "text": "text"}


@dataclass(frozen=True)
class Section:
    key: str
    name: str
    title: str
    guidance: str
    required: bool


@dataclass(frozen=True)
class Cell:
    name: str
    ref: str
    column: fields.Column
    kind: str
    required: bool
    formula: str

    @property
    def computed(self) -> bool:
        return bool(self.formula)


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    unit: str
    required: bool
    known: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[fields.Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Grid:
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]

    @property
    def cells(self) -> list[Cell]:
        return [c for t in self.tables for r in t.rows if r.known for c in r.cells]

    @property
    def kinds(self) -> dict[str, str]:
        """Field name → core field kind ("int", "decimal", "text"), sections included."""
        out = {s.name: "text" for s in self.sections}
        out.update({c.name: c.kind for c in self.cells})
        return out


def _formulas(table: dict) -> dict[str, str]:
    out = {}
    for text in table.get("formulas", []):
        target = text.split("=", 1)[0].strip()
        if target:
            out[target] = " ".join(text.split())
    return out


def build(definition: dict, indicators: dict | None = None, dimensions: dict | None = None) -> Grid:
    """The grid of ``definition`` with the shared library (read from the database when not given). Rows
    naming an indicator missing from the library are kept with ``known=False`` and no field behind them."""
    if indicators is None or dimensions is None:
        indicators, dimensions = fields.library()
    definition = definition or {}
    sections = tuple(Section(s["key"], fields.section_name(s["key"]), s.get("title", ""), s.get("guidance", ""),
                             bool(s.get("required"))) for s in definition.get("outline", []) if s.get("key"))
    tables = []
    for table in definition.get("tables", []):
        columns = tuple(fields.columns(table, dimensions))
        computed = _formulas(table)
        rows = []
        for row in table.get("rows", []):
            code = row.get("indicator") or ""
            indicator = indicators.get(code)
            kind = _KINDS.get(getattr(indicator, "data_type", ""), "decimal")
            required = bool(row.get("required"))
            cells = tuple(Cell(fields.cell_name(code, col.key), f"{code}.{col.key}", col, kind,
                               required and f"{code}.{col.key}" not in computed, computed.get(f"{code}.{col.key}", ""))
                          for col in columns)
            rows.append(Row(code, indicator.name if indicator else code,
                            indicator.unit_of_measure if indicator else "", required, indicator is not None, cells))
        tables.append(Table(table.get("key", ""), table.get("title", ""), columns, tuple(rows)))
    return Grid(sections, tuple(tables))


def of(subject) -> Grid:
    """The grid of a definition, a regime version, a report type or a report type key (empty when the
    report type is not a regime's)."""
    if isinstance(subject, dict):
        return build(subject)
    definition = getattr(subject, "definition", None)
    if definition is None:
        key = subject if isinstance(subject, str) else getattr(subject, "key", "")
        version = fields.version_of(key)
        definition = version.definition if version is not None else {}
    return build(definition or {})


# ---------------------------------------------------------------- values as the grid shows them

def input_text(kind: str, value) -> str:
    """What an input box shows for a stored value: decimals with a comma, no grouping."""
    if value is None:
        return ""
    if kind == "decimal":
        return str(value).replace(".", ",")
    return str(value)


def display_text(kind: str, value) -> str:
    """How a stored value reads: 1.250 / 1.250,5 (texts as they are)."""
    from platform_core.documents.values import display, typed

    if value is None or value == "":
        return ""
    return display(typed(value, kind if kind in ("int", "decimal") else "text"))


def input_values(grid: Grid, data: dict) -> dict[str, str]:
    kinds = grid.kinds
    return {name: input_text(kinds[name], data.get(name)) for name in kinds if data.get(name) not in (None, "")}


def display_values(grid: Grid, data: dict) -> dict[str, str]:
    kinds = grid.kinds
    return {name: display_text(kinds[name], data.get(name)) for name in kinds if data.get(name) not in (None, "")}


_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def period_text(period_key: str | None) -> str:
    """"2026-03" → "tháng 03/2026", "2026-Q1" → "quý I/2026", "2026-H1" → "6 tháng đầu năm 2026", "2026" →
    "năm 2026", an ad-hoc request's "2026-11-28" → "28/11/2026"; anything else as it is. Lower case: it goes
    inside a sentence or after "kỳ"."""
    key = period_key or ""
    day = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", key)
    if day is not None:  # an ad-hoc request: its due date
        return f"{day[3]}/{day[2]}/{day[1]}"
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})|-Q([1-4])|-H([12]))?", key)
    if match is None:
        return key
    year, month, quarter, half = match.groups()
    if month:
        return f"tháng {month}/{year}"
    if quarter:
        return f"quý {_ROMAN[quarter]}/{year}"
    if half:
        return f"6 tháng {'đầu' if half == '1' else 'cuối'} năm {year}"
    return f"năm {year}"
