"""The parts of an administrative document that are not its content (Nghị định 30/2020, Điều 8 and
Phụ lục I): who issues it, its number and symbol, place and date, title, recipients, signer, and the data
source every extract must state (seed 002 Đ12.2).

Official documents are always in Vietnamese, whatever language the reader chose for the pages, so the
fixed texts here and in ``templates/documents/`` are plain Vietnamese rather than translatable messages.
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from platform_core.documents.values import nfc
from platform_core.timeutil import format_datetime, local_today, utcnow

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
SYSTEM_NAME = "Hệ thống thông tin báo cáo"
BLANK = "………"


def upper(text: str) -> str:
    return nfc(text or "").upper()


def date_words(day: date) -> str:
    """"ngày 05 tháng 01 năm 2026": a leading zero for days below 10 and for months 1 and 2 only
    (Phụ lục I, ô số 4)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def source_line(unit_name: str, extracted_at: datetime | None = None) -> str:
    return (f"Nguồn dữ liệu: {SYSTEM_NAME} — {nfc(unit_name)}, "
            f"trích xuất ngày {format_datetime(extracted_at or utcnow())}")


def document_number(number: str | None, code: str, abbreviation: str) -> str:
    """"05/BC-UBND". A stored number that already has its symbol is used as it is; none gives dots, to be
    filled by the văn thư (Điều 15: numbering is the issuing system's act, not the drafter's)."""
    symbol = f"{code}-{upper(abbreviation)}" if abbreviation else code
    if number and "/" in number:
        return nfc(number)
    if number:
        digits = number.strip()
        return f"{int(digits):02d}/{symbol}" if digits.isdigit() else f"{nfc(digits)}/{symbol}"
    return f"{BLANK}/{symbol}"


@dataclass(frozen=True)
class DocumentHeader:
    """Everything the shared layout prints around the body. Texts are given as they should read; the
    layout upper-cases the bodies' names and the signer's position itself."""

    issuing_body: str
    title: str
    parent_body: str = ""
    number: str = f"{BLANK}/BC"
    place: str = ""
    issued_on: date = field(default_factory=local_today)
    kind: str = "BÁO CÁO"
    summary: str = ""
    period: str = ""
    addressee: str = ""
    distribution: tuple[str, ...] = ()
    signer_position: str = ""
    signer_name: str = ""
    source: str = ""

    @property
    def date_line(self) -> str:
        return f"{nfc(self.place) or BLANK}, {date_words(self.issued_on)}"

    @property
    def source_text(self) -> str:
        return self.source or source_line(self.issuing_body)
