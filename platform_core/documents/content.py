"""What a submission's document says, gathered once and written by every format (PDF, DOCX, XLSX, CSV)."""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask import current_app

from platform_core.documents import header as hdr
from platform_core.documents.report_types import get_report_type
from platform_core.documents.values import display, nfc, typed
from platform_core.extensions import db
from platform_core.timeutil import format_date, local_today, to_local, utcnow

COLUMNS = ("STT", "Chỉ tiêu", "Giá trị", "Đơn vị tính")


@dataclass(frozen=True)
class Row:
    """One figure of the report: its field, typed value and the value as written in a document."""

    number: int
    name: str
    label: str
    kind: str
    value: object
    text: str
    unit: str

    @property
    def align(self) -> str:
        """Figures to the right, dates centred, text to the left."""
        if isinstance(self.value, (int, Decimal)):
            return "right"
        return "center" if isinstance(self.value, date) else "left"


@dataclass(frozen=True)
class SubmissionContent:
    submission: object
    report_type: object
    header: hdr.DocumentHeader
    rows: tuple[Row, ...]
    extracted_at: datetime

    @property
    def values(self) -> dict:
        """Field name → value as written, for document templates."""
        return {row.name: row.text for row in self.rows}

    @property
    def filename_stem(self) -> str:
        return f"bao-cao-{self.submission.id}"


def _period(submission) -> str:
    obligation = submission.obligation
    if obligation is not None and obligation.period_start and obligation.period_end:
        return f"Kỳ báo cáo: từ {format_date(obligation.period_start)} đến {format_date(obligation.period_end)}"
    return f"Kỳ báo cáo: {nfc(submission.period_key)}" if submission.period_key else ""


def _issued_on(submission, signing: bool):
    """The date on the document: the day it is signed (Điều 8: thời gian ban hành); else when it was
    signed or approved; else today (a draft's preview)."""
    instant = None if signing else submission.signed_at or submission.approved_at
    return to_local(instant).date() if instant else local_today()


def _signer(submission, signer):
    from platform_core.accounts.models import User

    if signer is None and submission.approved_by_id:
        signer = db.session.get(User, submission.approved_by_id)
    if signer is None:
        return "THỦ TRƯỞNG ĐƠN VỊ", ""
    return signer.position or "THỦ TRƯỞNG ĐƠN VỊ", signer.full_name


def build_header(submission, report_type, extracted_at, signer=None) -> hdr.DocumentHeader:
    """``signer``: the person about to sign (their position and name go in the signature block, and the
    date is today); by default the approver."""
    unit = submission.unit
    parent = unit.parent
    abbreviation = unit.abbreviation or unit.code
    position, name = _signer(submission, signer)
    distribution = ((f"{parent.name};",) if parent else ()) + (f"Lưu: VT, {hdr.upper(abbreviation)}.",)
    return hdr.DocumentHeader(
        issuing_body=unit.name,
        parent_body=parent.name if parent else "",
        title=nfc(submission.title or report_type.title),
        number=hdr.document_number(submission.document_number, report_type.document_code, abbreviation),
        place=current_app.config.get("DOCUMENT_PLACE", ""),
        issued_on=_issued_on(submission, signing=signer is not None),
        period=_period(submission),
        addressee=parent.name if parent else "",
        distribution=distribution,
        signer_position=position,
        signer_name=name,
        source=hdr.source_line(unit.name, extracted_at),
    )


def gather(submission, signer=None) -> SubmissionContent:
    report_type = get_report_type(submission.report_type_key)
    data = submission.data or {}
    rows = []
    for number, spec in enumerate(report_type.fields, start=1):
        value = typed(data.get(spec.name), spec.kind)
        rows.append(Row(number, spec.name, nfc(spec.label), spec.kind, value, display(value), nfc(spec.unit)))
    extracted_at = utcnow()
    header = build_header(submission, report_type, extracted_at, signer)
    return SubmissionContent(submission, report_type, header, tuple(rows), extracted_at)


def table_size(submission) -> int:
    """Roughly how many table rows the document will have: one per field, plus the items of any list a
    plugin keeps in the data for its own template."""
    try:
        fields = len(get_report_type(submission.report_type_key).fields)
    except KeyError:
        fields = 0
    lists = sum(len(v) for v in (submission.data or {}).values() if isinstance(v, list))
    return fields + lists
