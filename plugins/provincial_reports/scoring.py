"""The yearly compliance score of each unit (RPT-07), for the administrative-reform assessment (QĐ 09/2024
Đ15.2: Sở Nội vụ scores the units' reporting from what this system records).

Method:

- Counted: every obligation of the regimes of this system whose deadline falls in the year (local time),
  except waived ones and those not handed in whose deadline has not passed yet.
- Points per obligation: handed in on time (at or before the deadline) 1; late but within 5 working days
  after the due date 0.5; later than that 0.25; never handed in 0. A report received through the
  document system while this system was down counts at its receipt time.
- Weight per regime kind: required by the centre 1.5; periodic of the province 1; thematic or ad-hoc 1.
- Score = 100 × Σ(weight × points) ÷ Σ(weight), rounded half up to one decimal; no score when nothing
  counts. Units are ranked by score, highest first, then by unit code.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from sqlalchemy import select

from platform_core.extensions import db
from platform_core.obligations import calendar
from platform_core.obligations.models import STATUS_WAIVED, Obligation
from platform_core.timeutil import LOCAL_TZ, format_datetime, to_local, utcnow
from platform_core.units.models import Unit
from plugins.provincial_reports.models import KIND_ADHOC, KIND_CENTRAL, KIND_PERIODIC, Regime, RegimeVersion

PLUGIN_KEY = "provincial_reports"
WEIGHTS = {KIND_CENTRAL: Decimal("1.5"), KIND_PERIODIC: Decimal("1"), KIND_ADHOC: Decimal("1")}
DEFAULT_KIND = KIND_PERIODIC
ON_TIME_POINTS = Decimal("1")
LATE_GRACE_POINTS = Decimal("0.5")
LATE_POINTS = Decimal("0.25")
GRACE_WORKING_DAYS = 5
SOURCE = "Nguồn: Hệ thống thông tin báo cáo tỉnh Nghệ An"
ONE_PLACE = Decimal("0.1")

METHOD_LINES = (
    "Phương pháp tính điểm chấp hành chế độ báo cáo (Điều 15 khoản 2 Quy chế ban hành kèm theo "
    "QĐ 09/2024/QĐ-UBND)",
    "Tính trên mọi nghĩa vụ báo cáo có hạn gửi trong năm, trừ nghĩa vụ được miễn và nghĩa vụ chưa gửi "
    "mà chưa đến hạn.",
    "Gửi đúng hạn (trước hoặc đúng thời hạn): 1 điểm.",
    f"Gửi muộn trong vòng {GRACE_WORKING_DAYS} ngày làm việc sau ngày hết hạn: 0,5 điểm; muộn hơn: 0,25 điểm.",
    "Không gửi: 0 điểm.",
    "Báo cáo gửi qua Hệ thống quản lý văn bản và điều hành khi Hệ thống gặp sự cố được tính theo thời điểm nhận.",
    "Trọng số theo loại chế độ báo cáo: do Trung ương yêu cầu 1,5; định kỳ của tỉnh 1; chuyên đề, đột xuất 1.",
    "Điểm = 100 × tổng (trọng số × điểm) ÷ tổng trọng số, làm tròn đến một chữ số thập phân.",
    "Xếp theo điểm từ cao xuống thấp, cùng điểm thì theo mã đơn vị.",
)


@dataclass
class UnitScore:
    unit: Unit
    score: Decimal | None
    on_time: int = 0
    late: int = 0
    missing: int = 0
    total_weight: Decimal = Decimal("0")
    not_yet_due: int = 0
    points: Decimal = Decimal("0")

    @property
    def counted(self) -> int:
        return self.on_time + self.late + self.missing


def _kinds_by_rule() -> dict[str, str]:
    rows = db.session.execute(select(RegimeVersion.regime_id, RegimeVersion.number, Regime.kind)
                              .join(Regime, RegimeVersion.regime_id == Regime.id)).all()
    return {f"{PLUGIN_KEY}.regime_{regime_id}_v{number}": kind for regime_id, number, kind in rows}


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The instants 01/01/``year`` 00:00 and 01/01/``year + 1`` 00:00 in Viet Nam."""
    return (datetime.combine(date(year, 1, 1), time.min, tzinfo=LOCAL_TZ),
            datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=LOCAL_TZ))


def points(obligation: Obligation, grace_end: date) -> Decimal:
    """The points of a handed-in or overdue obligation (see the module docstring)."""
    if obligation.submitted_at is None:
        return Decimal("0")
    if obligation.submitted_at <= obligation.due_at:
        return ON_TIME_POINTS
    return LATE_GRACE_POINTS if to_local(obligation.submitted_at).date() <= grace_end else LATE_POINTS


def _due_day(obligation: Obligation) -> date:
    return to_local(obligation.due_at - timedelta(microseconds=1)).date()


def compliance_scores(year: int, unit_ids=None, now: datetime | None = None) -> list[UnitScore]:
    """One :class:`UnitScore` per unit owing something due in ``year`` (within ``unit_ids`` — ids or a
    SELECT of them — when given), ranked."""
    start, end = year_bounds(year)
    now = now or utcnow()
    stmt = select(Obligation).where(Obligation.plugin_key == PLUGIN_KEY, Obligation.due_at >= start,
                                    Obligation.due_at < end, Obligation.status != STATUS_WAIVED)
    if unit_ids is not None:
        stmt = stmt.where(Obligation.unit_id.in_(unit_ids))
    kinds, grace = _kinds_by_rule(), {}
    scores: dict[int, UnitScore] = {}
    for ob in db.session.scalars(stmt.order_by(Obligation.id)):
        entry = scores.setdefault(ob.unit_id, UnitScore(unit=None, score=None))
        if ob.submitted_at is None and ob.due_at >= now:
            entry.not_yet_due += 1
            continue
        day = _due_day(ob)
        if day not in grace:
            grace[day] = calendar.add_working_days(day, GRACE_WORKING_DAYS)
        earned = points(ob, grace[day])
        weight = WEIGHTS.get(kinds.get(ob.rule_key, DEFAULT_KIND), WEIGHTS[DEFAULT_KIND])
        if ob.submitted_at is None:
            entry.missing += 1
        elif earned == ON_TIME_POINTS:
            entry.on_time += 1
        else:
            entry.late += 1
        entry.total_weight += weight
        entry.points += weight * earned
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(list(scores) or [-1])))}
    out = []
    for unit_id, entry in scores.items():
        entry.unit = units[unit_id]
        if entry.total_weight:
            entry.score = (Decimal(100) * entry.points / entry.total_weight).quantize(ONE_PLACE, ROUND_HALF_UP)
        out.append(entry)
    out.sort(key=lambda s: (s.score is None, -(s.score or 0), s.unit.code))
    return out


def score_text(score: Decimal | None) -> str:
    """"87,5" (decimal comma); "—" without a score."""
    return "—" if score is None else f"{score:.1f}".replace(".", ",")


# ---------------------------------------------------------------- Excel

def _keep_text(row) -> None:
    """Text a spreadsheet would read as a formula (a unit named "=HYPERLINK(…)") stays text (CWE-1236)."""
    from platform_core.documents.values import looks_like_formula

    for cell in row:
        if looks_like_formula(cell.value):
            cell.data_type = "s"


def compliance_workbook(year: int, scores: list[UnitScore], extracted_at: datetime | None = None) -> bytes:
    """The scores as an Excel workbook: a sheet of scores (title, source, a header row, one row per unit)
    and a sheet explaining the method, both citing the source (Đ12.2)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    source = f"{SOURCE}, trích xuất lúc {format_datetime(extracted_at or utcnow())}"
    book = Workbook()
    sheet = book.active
    sheet.title = "Điểm chấp hành"
    sheet.append([f"Điểm chấp hành chế độ báo cáo năm {year}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([source])
    sheet.append([])
    header = ["STT", "Mã đơn vị", "Đơn vị", "Điểm", "Gửi đúng hạn", "Gửi muộn", "Không gửi", "Chưa đến hạn",
              "Tổng trọng số"]
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    sheet.freeze_panes = f"A{sheet.max_row + 1}"
    for number, entry in enumerate(scores, start=1):
        sheet.append([number, entry.unit.code, entry.unit.name,
                      float(entry.score) if entry.score is not None else None,
                      entry.on_time, entry.late, entry.missing, entry.not_yet_due, float(entry.total_weight)])
        _keep_text(sheet[sheet.max_row])
        sheet.cell(row=sheet.max_row, column=4).number_format = "0.0"
    for letter, width in zip("ABCDEFGHI", (6, 16, 48, 10, 14, 12, 12, 14, 14)):
        sheet.column_dimensions[letter].width = width
    method = book.create_sheet("Phương pháp")
    for line in (*METHOD_LINES, "", source):
        method.append([line])
    method["A1"].font = bold
    method.column_dimensions["A"].width = 110
    for row in method.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    out = BytesIO()
    book.save(out)
    return out.getvalue()
