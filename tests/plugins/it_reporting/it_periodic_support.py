"""Shared setup of the periodic-report tests: a small ministry, its people, and reports sent on a given day."""
import io
import subprocess
import tempfile
from datetime import datetime, time, timedelta

import sqlalchemy as sa

from platform_core.obligations.models import Obligation
from platform_core.timeutil import LOCAL_TZ, local_today

RT = "it_reporting.periodic"
UNITS = {
    "BTNMT-CNTT": "Cục Công nghệ thông tin",
    "BTNMT-VP": "Văn phòng Bộ",
    "BTNMT-KSONMT": "Cục Kiểm soát ô nhiễm môi trường",
    "BTNMT-BDKH": "Cục Biến đổi khí hậu",
}


def enable(db):
    from platform_core.plugins import activation

    activation.enable("it_reporting")
    db.session.commit()


def ministry(db, make_unit, make_user):
    """BTNMT (ministry) with four departments, one IT reporter per department and the IT department's
    officer (it_reporting.officer on the whole ministry)."""
    enable(db)
    bo = make_unit("BTNMT", "Bộ Tài nguyên và Môi trường", type_code="ministry")
    units = {code: make_unit(code, name, parent=bo, type_code="department") for code, name in UNITS.items()}
    reporters = {code: make_user(f"bc.{code.split('-')[1].lower()}", unit=unit, role="it_reporting.reporter")
                 for code, unit in units.items()}
    officer = make_user("cntt.tonghop", unit=bo, role="it_reporting.officer", scope="subtree",
                        full_name="Đặng Thị Mai")
    return {"bo": bo, "units": units, "reporters": reporters, "officer": officer}


def generate(runner, day: str):
    result = runner.invoke(args=["obligations", "generate", "--today", day])
    assert result.exit_code == 0, result.output


def figures(**overrides) -> dict:
    data = {"staff_total": "50", "computers": "60", "staff_with_email": "40", "services_total": "10",
            "services_level_3": "3", "services_level_4": "2", "security_measures": "4"}
    data.update(overrides)
    return data


def obligation(db, unit, period_key, rule="it_reporting.periodic_half"):
    return db.session.scalar(sa.select(Obligation).where(
        Obligation.rule_key == rule, Obligation.unit_id == unit.id, Obligation.period_key == period_key))


def send(db, unit, reporter, approver, period_key, data, days_after_due, rule="it_reporting.periodic_half"):
    """The unit's report for the period, submitted ``days_after_due`` days after its due day (10:00) and,
    with an ``approver``, approved."""
    from platform_core.obligations.service import due_day
    from platform_core.workflow import service

    ob = obligation(db, unit, period_key, rule)
    submission = service.create_draft(RT, unit, reporter, obligation=ob)
    service.save_data(submission, reporter, data, submission.lock_version)
    at = datetime.combine(due_day(ob) + timedelta(days=days_after_due), time(10), tzinfo=LOCAL_TZ)
    service.submit(submission, reporter, at=at)
    if approver is not None:
        service.approve(submission, approver)
    return submission


def pdf_text(data: bytes) -> str:
    """The PDF's text with runs of white space (line and cell breaks) made single spaces."""
    assert data.startswith(b"%PDF")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        text = subprocess.run(["pdftotext", pdf.name, "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def day_from_today(days: int) -> str:
    return (local_today() + timedelta(days=days)).strftime("%d/%m/%Y")
