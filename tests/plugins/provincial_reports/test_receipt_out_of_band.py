"""RPT-10 (Đ11.5): a report of a configured regime sent through the document system while this system was
down is recorded on the core's obligation page (CORE-22); it counts as submitted at the time received."""
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from platform_core.timeutil import format_date, format_datetime, local_today, utcnow
from tests.plugins.provincial_reports import pr_support as pr


@pytest.fixture
def app_overrides(tmp_path):
    return {"UPLOAD_DIR": str(tmp_path / "uploads")}


@pytest.fixture
def w(app, db, make_unit, make_user):
    """The labour regime's quarterly obligations of two wards, from about two quarters ago to the next one."""
    from platform_core.obligations import service as obligations
    from platform_core.obligations.models import Obligation
    from platform_core.obligations.rules import Periodic

    pr.enable()
    pr.library()
    units = pr.province(make_unit)
    regime, version = pr.regime()
    rule = Periodic(version.report_type_key, regime.name, "calendar_quarter", due_day=20)
    today = local_today()
    obligations.generate_for_units(rule, [units["hb"].id, units["lm"].id], today - timedelta(days=200),
                                   today + timedelta(days=120))
    rows = db.session.scalars(select(Obligation).where(Obligation.unit_id == units["hb"].id)
                              .order_by(Obligation.due_at)).all()
    now = utcnow()
    return {
        **units, "regime": regime,
        "upcoming": next(ob for ob in rows if ob.due_at > now + timedelta(days=1)),
        "overdue": next(ob for ob in rows if ob.due_at < now - timedelta(days=1)),
        "clerk": make_user("vanthu", unit=units["tinh"], role="unit_admin", scope="subtree"),
        "admin": make_user("quantri", admin=True),
    }


@pytest.mark.req("RPT-10")
def test_receipt_recorded_before_the_deadline_counts_as_on_time(w, db, client, login_as, app):
    ob = w["upcoming"]
    login_as(w["clerk"])
    today = local_today()
    response = client.post(f"/obligations/{ob.id}/receipt", content_type="multipart/form-data", data={
        "document_number": "45/BC-UBND", "document_date": format_date(today), "received_date": format_date(today),
        "received_time": "00:00", "file": (io.BytesIO(b"%PDF bao cao"), "bao-cao-quy.pdf")})
    assert response.status_code == 302

    db.session.refresh(ob)
    assert ob.status == "submitted" and ob.timeliness == "on_time"
    assert format_datetime(ob.submitted_at) == f"{format_date(today)} 00:00"
    detail = client.get(f"/obligations/{ob.id}").get_data(as_text=True)
    assert "45/BC-UBND" in detail and "Đúng hạn" in detail

    login_as(w["admin"])
    page = client.get(f"/p/provincial_reports/tracking?regime={w['regime'].id}&period={ob.period_key}")
    assert page.status_code == 200
    row = page.get_data(as_text=True).split('data-unit="40-VINH-HB"', 1)[1].split("</tr>", 1)[0]
    assert "45/BC-UBND" in row and format_datetime(ob.submitted_at) in row and "đúng hạn" in row.lower()


@pytest.mark.req("RPT-10")
def test_receipt_after_the_deadline_counts_as_late_at_the_time_received(w, db):
    from platform_core.obligations import service as obligations

    ob = w["overdue"]
    received = utcnow() - timedelta(minutes=5)
    obligations.record_out_of_band(ob, "46/BC-UBND", local_today() - timedelta(days=1), received, by=w["clerk"])

    db.session.refresh(ob)
    assert ob.status == "submitted" and ob.submitted_at == received and ob.timeliness == "late"
    other = db.session.scalar(select(type(ob)).where(type(ob).unit_id == w["lm"].id,
                                                     type(ob).period_key == ob.period_key))
    assert other.submitted_at is None
