"""Checks across the cells of a regime's tables, run by the core on every save (``ReportType.validator``).

Field by field the core has already read the values and refused what is not a number, a negative count
or a percentage over 100 (``FieldSpec.minimum`` / ``maximum``). Here, with the regime version's
definition:

- a cell a formula computes is filled with the formula's result (what was typed there is replaced);
- in a disaggregated table the total of an indicator that adds up (``sum``) is filled when it was left
  empty and every category was given, and must equal the sum of the categories when both were given;
- :func:`warnings` lists values outside the indicator's plausible range, which the entry page asks the
  officer to confirm before the report is submitted.
"""
from decimal import Decimal

from flask_babel import gettext as _

from plugins.provincial_reports import fields, formulas


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _stored(field, number: Decimal | None):
    """The stored form of a computed number for ``field`` (integers stay integers when whole)."""
    if number is None:
        return None
    if field.kind == "int":
        return int(number) if number == number.to_integral_value() else None
    return format(number.normalize(), "f") if number != 0 else "0"


def _check_totals(definition: dict, indicators: dict, dimensions: dict, values: dict, by_name: dict) -> dict:
    errors = {}
    for table in definition.get("tables", []):
        categories = [c for c in fields.columns(table, dimensions) if c.key != fields.TOTAL]
        if not categories:
            continue
        for row in table.get("rows", []):
            indicator = indicators.get(row.get("indicator"))
            if indicator is None or indicator.aggregate != "sum" or indicator.data_type not in ("integer", "decimal"):
                continue
            total_name = fields.cell_name(indicator.code, fields.TOTAL)
            parts = [_decimal(values.get(fields.cell_name(indicator.code, c.key))) for c in categories]
            if any(p is None for p in parts):
                continue
            expected = sum(parts, Decimal(0))
            given = _decimal(values.get(total_name))
            if given is None and total_name in by_name:
                stored = _stored(by_name[total_name], expected)
                if stored is not None:
                    values[total_name] = stored
            elif given is not None and given != expected:
                errors[total_name] = _(
                    "«%(label)s»: tổng số %(total)s không bằng tổng các cột (%(sum)s); sửa tổng số hoặc "
                    "để trống để hệ thống tự cộng.", label=by_name[total_name].label,
                    total=_plain(given), sum=_plain(expected))
    return errors


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f").replace(".", ",") if number != 0 else "0"


def _apply_formulas(definition: dict, values: dict, by_name: dict) -> dict:
    texts = [text for table in definition.get("tables", []) for text in table.get("formulas", [])]
    if not texts:
        return {}
    try:
        ordered = formulas.check(texts, {fields.cell_ref(name) for name in by_name})
    except formulas.FormulaError:
        return {}  # the builder refuses such a regime; an old one keeps working without its formulas
    numbers = {fields.cell_ref(name): _decimal(values.get(name)) for name in by_name}
    results = formulas.evaluate(ordered, numbers)
    errors = {}
    for formula in ordered:
        name = fields.cell_name(*formula.target.split(".", 1))
        field = by_name.get(name)
        if field is None:
            continue
        stored = _stored(field, results.get(formula.target))
        if stored is None:
            values.pop(name, None)
            continue
        number = Decimal(str(stored))
        if (field.minimum is not None and number < Decimal(str(field.minimum))) or \
                (field.maximum is not None and number > Decimal(str(field.maximum))):
            errors[name] = _("«%(label)s» tính theo công thức %(formula)s ra %(value)s, ngoài giới hạn cho phép; "
                             "kiểm tra các ô liên quan.", label=field.label, formula=str(formula),
                             value=_plain(number))
        values[name] = stored
    return errors


def validate(report_type, values: dict) -> dict:
    """``{field: message}`` for what the regime forbids; fills computed cells and totals in ``values``."""
    version = fields.version_of(report_type.key)
    if version is None:
        return {}
    indicators, dimensions = fields.library()
    definition = version.definition or {}
    by_name = {f.name: f for f in report_type.fields}
    errors = _apply_formulas(definition, values, by_name)
    errors.update(_check_totals(definition, indicators, dimensions, values, by_name))
    errors.update(_apply_formulas(definition, values, by_name))  # totals filled above may feed formulas
    return errors


def warnings(report_type, values: dict) -> dict:
    """``{field: message}`` for values outside their indicator's plausible range (to be confirmed)."""
    indicators, _dimensions = fields.library()
    out = {}
    for field in report_type.fields:
        code = field.name.split("__", 1)[0]
        indicator = indicators.get(code)
        value = _decimal(values.get(field.name))
        if indicator is None or value is None or field.name.startswith(fields.SECTION_PREFIX):
            continue
        low, high = _decimal(indicator.plausible_min), _decimal(indicator.plausible_max)
        if (low is not None and value < low) or (high is not None and value > high):
            out[field.name] = _("«%(label)s» = %(value)s nằm ngoài khoảng thường gặp (%(low)s – %(high)s); "
                                "kiểm tra lại và xác nhận nếu đúng.", label=field.label, value=_plain(value),
                                low=_plain(low) if low is not None else "…",
                                high=_plain(high) if high is not None else "…")
    return out
