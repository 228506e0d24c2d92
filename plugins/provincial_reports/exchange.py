"""Exchanging regimes and figures as JSON documents (RPT-11; QĐ 09/2024/QĐ-UBND Đ4.2, Đ18.2).

Two kinds of document share the format ``nghean-reporting/1`` (docs/provincial-reports-exchange.md,
schema ``schemas/exchange-1.json``): ``regimes`` (the indicator library and the regimes with every
version) and ``figures`` (the final figures of the units for one regime and period).

This module holds what both kinds share — reading a file, the :class:`Checker` that collects every
problem with its JSON path, the document header — and the public entry points; the work is done in
``exchange_regimes`` and ``exchange_figures``. Imports are all or nothing: every problem of a document
is listed and nothing is written unless there is none.
"""
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from platform_core.obligations.periods import KINDS as PERIOD_KINDS
from platform_core.obligations.periods import period_key as make_period_key
from platform_core.timeutil import to_local, utcnow

FORMAT = "nghean-reporting/1"
SOURCE = "Hệ thống thông tin báo cáo tỉnh Nghệ An"
KIND_REGIMES, KIND_FIGURES = "regimes", "figures"
KINDS = (KIND_REGIMES, KIND_FIGURES)
ADHOC_FREQUENCY = "adhoc"
FREQUENCIES = (*PERIOD_KINDS, ADHOC_FREQUENCY)

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PLAIN_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_PERIOD_PATTERNS = {
    "month": re.compile(r"(\d{4})-(0[1-9]|1[0-2])"),
    "quarter": re.compile(r"(\d{4})-Q([1-4])"),
    "half": re.compile(r"(\d{4})-H([12])"),
    "year": re.compile(r"(\d{4})()"),
}
_PERIOD_EXAMPLES = {"month": "2026-10", "quarter": "2026-Q3", "half": "2026-H1", "year": "2026"}


class ExchangeError(ValueError):
    """A request that cannot be answered (an unknown regime to export…); the message is Vietnamese."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document: where (a JSON path such as ``regimes[0].versions[0].number``;
    empty for the document as a whole) and what, in Vietnamese."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass
class ImportResult:
    """What an import did (``counts``, by name) or, when ``problems`` is not empty, why it did nothing."""

    kind: str = ""
    problems: list[Problem] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


# ---------------------------------------------------------------- paths and values

def join(path: str, key) -> str:
    """``regimes`` + 0 → ``regimes[0]``; ``regimes[0]`` + ``code`` → ``regimes[0].code``; a key that is
    not an identifier is quoted: ``values["LD01.nam"]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _IDENTIFIER.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def describe(value) -> str:
    """How a JSON value is named in a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal, float)):
        return _("số %(value)s", value=value)
    if isinstance(value, str):
        return _("chuỗi «%(value)s»", value=value if len(value) <= 40 else value[:40] + "…")
    if isinstance(value, list):
        return _("một danh sách")
    return _("một đối tượng")


def is_number(value) -> bool:
    return isinstance(value, (int, Decimal, float)) and not isinstance(value, bool)


def plain_decimal(value) -> str | None:
    """A JSON number or a string in plain notation ("1234.5") as plain decimal text; None otherwise."""
    if is_number(value):
        return format(Decimal(str(value)), "f")
    if isinstance(value, str) and _PLAIN_DECIMAL.fullmatch(value.strip()):
        return value.strip()
    return None


def to_json_numbers(value):
    """``value`` with every Decimal (how numbers with a fraction are read) turned back into an int or a
    float: for parts of a document stored as they are (a regime's definition), never for figures."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [to_json_numbers(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json_numbers(v) for k, v in value.items()}
    return value


class Checker:
    """Reads the parts of a document, adding a :class:`Problem` for each one that does not fit. Every
    reader returns the value (or the default) and never raises, so one pass finds every problem."""

    def __init__(self):
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, str(message)))

    def obj(self, value, path: str) -> dict | None:
        if isinstance(value, dict):
            return value
        self.add(path, _("phải là một đối tượng JSON {…}, không phải %(value)s.", value=describe(value)))
        return None

    def array(self, node: dict, key: str, path: str, required: bool = True) -> list:
        value = node.get(key)
        if value is None and not required:
            return []
        if isinstance(value, list):
            return value
        if value is None:
            self.add(join(path, key), _("bắt buộc; cần một danh sách […]."))
        else:
            self.add(join(path, key), _("phải là một danh sách […], không phải %(value)s.", value=describe(value)))
        return []

    def text(self, node: dict, key: str, path: str, required: bool = False, max_length: int | None = None,
             pattern: re.Pattern | None = None, hint: str = "", nullable: bool = False):
        value = node.get(key)
        where = join(path, key)
        if value is None:
            if required:
                self.add(where, _("bắt buộc, chưa có."))
            return None if nullable or required else ""
        if not isinstance(value, str):
            self.add(where, _("phải là chuỗi ký tự, không phải %(value)s.", value=describe(value)))
            return None
        value = value.strip()
        if required and not value:
            self.add(where, _("bắt buộc, không được để trống."))
            return None
        if max_length is not None and len(value) > max_length:
            self.add(where, _("dài quá %(max)d ký tự.", max=max_length))
            return None
        if pattern is not None and value and not pattern.fullmatch(value):
            self.add(where, _("«%(value)s» không đúng dạng %(hint)s.", value=value, hint=hint))
            return None
        return value

    def integer(self, node: dict, key: str, path: str, minimum: int | None = None, maximum: int | None = None,
                required: bool = False, default=None):
        value = node.get(key)
        where = join(path, key)
        if value is None:
            if required:
                self.add(where, _("bắt buộc, chưa có."))
            return default
        if isinstance(value, Decimal) and value == value.to_integral_value():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, _("phải là số nguyên, không phải %(value)s.", value=describe(value)))
            return default
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            if maximum is None:
                self.add(where, _("phải là số nguyên từ %(min)d trở lên.", min=minimum))
            else:
                self.add(where, _("phải là số nguyên từ %(min)d đến %(max)d.", min=minimum, max=maximum))
            return default
        return value

    def boolean(self, node: dict, key: str, path: str, default: bool) -> bool:
        value = node.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.add(join(path, key), _("phải là true hoặc false, không phải %(value)s.", value=describe(value)))
            return default
        return value

    def choice(self, node: dict, key: str, path: str, choices: tuple, default=None, required: bool = False):
        value = node.get(key)
        if value is None:
            if required:
                self.add(join(path, key), _("bắt buộc; dùng một trong: %(choices)s.", choices=", ".join(choices)))
            return default
        if value not in choices:
            self.add(join(path, key), _("%(value)s không hợp lệ; dùng một trong: %(choices)s.",
                                        value=describe(value), choices=", ".join(choices)))
            return default
        return value

    def day(self, node: dict, key: str, path: str) -> date | None:
        value = node.get(key)
        if value is None:
            return None
        try:
            if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.add(join(path, key), _("phải là một ngày có thật dạng YYYY-MM-DD, ví dụ 2024-05-20, không phải "
                                        "%(value)s.", value=describe(value)))
            return None

    def decimal(self, node: dict, key: str, path: str) -> str | None:
        """A number, or a string in plain notation, as decimal text; None when absent."""
        value = node.get(key)
        if value is None:
            return None
        text = plain_decimal(value)
        if text is None:
            self.add(join(path, key), _("phải là một số (ví dụ 1250 hoặc \"1250.5\"), không phải %(value)s.",
                                        value=describe(value)))
        return text


# ---------------------------------------------------------------- periods

def period_problem(frequency: str, key) -> str | None:
    """Why ``key`` is not a period of ``frequency`` (``2026-10`` for a month, ``2026-Q3`` for a quarter,
    ``2026-H1``, ``2026``; a due date ``2026-10-05`` for an ad-hoc regime), or None."""
    if not isinstance(key, str):
        return _("kỳ báo cáo phải là chuỗi ký tự, không phải %(value)s.", value=describe(key))
    if frequency == ADHOC_FREQUENCY:
        try:
            if not _ISO_DAY.fullmatch(key):
                raise ValueError
            date.fromisoformat(key)
        except ValueError:
            return _("kỳ «%(period)s» không hợp lệ: chế độ báo cáo đột xuất ghi kỳ là hạn nộp dạng YYYY-MM-DD, "
                     "ví dụ 2026-10-05.", period=key)
        return None
    base = frequency.removeprefix("calendar_")
    match = _PERIOD_PATTERNS[base].fullmatch(key)
    try:
        if match is None:
            raise ValueError
        make_period_key(frequency, int(match[1]), int(match[2]) if match[2] else None)
    except ValueError:
        return _("kỳ «%(period)s» không phải kỳ của chế độ báo cáo này (tần suất %(frequency)s); ví dụ "
                 "%(example)s.", period=key, frequency=frequency, example=_PERIOD_EXAMPLES[base])
    return None


def version_in_force(regime, period_key: str):
    """The version that applies to ``period_key`` (as the regime builder decides it), or None."""
    from plugins.provincial_reports.regimes import version_for_period

    try:
        return version_for_period(regime, period_key)
    except ValueError:
        return None


# ---------------------------------------------------------------- documents

def exported_at() -> str:
    """Now, in Viet Nam time, ISO-8601 with its offset: ``2026-10-05T09:30:00+07:00``."""
    return to_local(utcnow()).replace(microsecond=0).isoformat()


def header(kind: str) -> dict:
    return {"format": FORMAT, "kind": kind, "exported_at": exported_at(), "source": SOURCE}


def dumps(document: dict) -> str:
    """The document as a UTF-8 JSON text, indented, Vietnamese left readable."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _refuse_constant(name):
    raise ValueError(name)


def read_document(raw: bytes | str) -> tuple[dict | None, list[Problem]]:
    """Parse an uploaded file and check its header (``format``, ``kind``). Numbers with a fraction are
    read as Decimal, so no figure passes through binary floating point; NaN and Infinity are refused."""
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        return None, [Problem("", _("Tệp không phải văn bản UTF-8; hãy tải lên tệp JSON xuất từ hệ thống."))]
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        where = _(" (dòng %(line)s, cột %(column)s)", line=exc.lineno, column=exc.colno) \
            if isinstance(exc, json.JSONDecodeError) else ""
        return None, [Problem("", _("Tệp không phải JSON hợp lệ%(where)s; hãy tải lên tệp JSON theo định dạng "
                                    "%(format)s.", where=where, format=FORMAT))]
    if not isinstance(document, dict):
        return None, [Problem("", _("Tệp JSON phải là một đối tượng {…} có trường \"format\": \"%(format)s\".",
                                    format=FORMAT))]
    problems = []
    if document.get("format") != FORMAT:
        problems.append(Problem("format", _("định dạng %(value)s không được hỗ trợ; hệ thống đọc định dạng "
                                            "«%(format)s».", value=describe(document.get("format")),
                                            format=FORMAT)))
    if document.get("kind") not in KINDS:
        problems.append(Problem("kind", _("loại tài liệu %(value)s không hợp lệ; dùng «regimes» (chế độ báo cáo) "
                                          "hoặc «figures» (số liệu).", value=describe(document.get("kind")))))
    return (None if problems else document), problems


# ---------------------------------------------------------------- entry points

def export_regimes(codes=None) -> dict:
    """The ``regimes`` document: the regimes with ``codes`` (all when None), every version, and the
    dimensions and indicators they use (the whole library when exporting all)."""
    from plugins.provincial_reports import exchange_regimes

    return exchange_regimes.export(codes)


def export_figures(regime_code: str, period_key: str, version: int | None = None, unit_ids=None) -> dict:
    """The ``figures`` document of a regime and period: the last approved data of each unit's report
    (``unit_ids``, a collection or a SELECT of ids, limits the units)."""
    from plugins.provincial_reports import exchange_figures

    return exchange_figures.export(regime_code, period_key, version=version, unit_ids=unit_ids)


def import_regimes(document: dict, user=None, check_only: bool = False) -> ImportResult:
    """Create or update the dimensions, indicators and regimes of a ``regimes`` document (see
    ``exchange_regimes``); ``user`` is recorded as their author."""
    from plugins.provincial_reports import exchange_regimes

    return exchange_regimes.import_document(document, user, check_only=check_only)


def import_figures(document: dict, user, progress: Callable[[int], None] | None = None,
                   check_only: bool = False) -> ImportResult:
    """Create a draft report per unit of a ``figures`` document, as ``user`` (who needs the enter
    permission on every unit); ``progress(1)`` per unit checked and per unit written."""
    from plugins.provincial_reports import exchange_figures

    return exchange_figures.import_document(document, user, progress=progress, check_only=check_only)


def import_document(document: dict, user, check_only: bool = False,
                    progress: Callable[[int], None] | None = None) -> ImportResult:
    """Import a document read by :func:`read_document`, whatever its kind. ``check_only`` finds every
    problem and writes nothing."""
    if document.get("kind") == KIND_REGIMES:
        return import_regimes(document, user, check_only=check_only)
    return import_figures(document, user, progress=progress, check_only=check_only)
