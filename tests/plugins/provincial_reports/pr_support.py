"""Shared setup of the provincial_reports tests: the plugin enabled, a small indicator library, a
province with a district and its communes, and regimes written straight into the tables (the builder's
own tests go through its service)."""
from platform_core.extensions import db as _db

KEY = "provincial_reports"
SEX = [{"key": "nam", "label": "Nam"}, {"key": "nu", "label": "Nữ"}]

# A quarterly table disaggregated by sex, with a formula, and a narrative outline.
LABOUR_DEFINITION = {
    "outline": [
        {"key": "s1", "title": "Tình hình chung", "guidance": "Đánh giá chung trong kỳ.", "required": True},
        {"key": "s2", "title": "Kiến nghị, đề xuất", "guidance": "", "required": False},
    ],
    "tables": [
        {"key": "b1", "title": "Biểu 01. Lao động, việc làm", "dimension": "sex",
         "rows": [{"indicator": "LD01", "required": True}, {"indicator": "LD02", "required": True},
                  {"indicator": "LD03", "required": False}],
         "formulas": ["LD03.total = LD02.total / LD01.total * 100"]},
    ],
    "published": ["LD01", "LD02"],
}


def enable():
    from platform_core.plugins import activation

    activation.enable(KEY)
    _db.session.commit()


def library():
    """The sex dimension and four indicators: LD01/LD02 counts by sex, LD03 a percentage computed by a
    formula, KT01 a decimal revenue."""
    from plugins.provincial_reports.models import Dimension, Indicator

    sex = Dimension(code="sex", name="Giới tính", categories=SEX)
    indicators = [
        Indicator(code="LD01", name="Số người trong độ tuổi lao động", unit_of_measure="người",
                  data_type="integer", aggregate="sum", plausible_max="500000"),
        Indicator(code="LD02", name="Số lao động có việc làm", unit_of_measure="người",
                  data_type="integer", aggregate="sum"),
        Indicator(code="LD03", name="Tỷ lệ lao động có việc làm", unit_of_measure="%",
                  data_type="percent", aggregate="mean"),
        Indicator(code="KT01", name="Thu ngân sách nhà nước trên địa bàn", unit_of_measure="triệu đồng",
                  data_type="decimal", aggregate="sum"),
    ]
    _db.session.add_all([sex, *indicators])
    _db.session.commit()
    return {i.code: i for i in indicators}


def regime(code="LDVL-QUY", name="Báo cáo lao động, việc làm quý", definition=None, kind="periodic",
           frequency="calendar_quarter", due_day=20, status="active", receiving_unit=None, **extra):
    """A regime with one version, written directly; returns ``(regime, version)``."""
    from plugins.provincial_reports import fields
    from plugins.provincial_reports.models import Regime, RegimeVersion

    row = Regime(code=code, name=name, kind=kind, frequency=frequency, due_day=due_day, status=status,
                 content="Nội dung báo cáo", legal_number="09/2024/QĐ-UBND",
                 receiving_unit_id=receiving_unit.id if receiving_unit else None,
                 sending_method="Gửi trên Hệ thống, có ký số", **extra)
    version = RegimeVersion(number=1, definition=definition or LABOUR_DEFINITION)
    row.versions.append(version)
    _db.session.add(row)
    _db.session.commit()
    fields.forget()
    return row, version


def province(make_unit):
    """Tỉnh Nghệ An (40) ⟶ Thành phố Vinh (40-VINH) ⟶ two communes, and one department (Sở Kế hoạch và
    Đầu tư) directly under the province."""
    tinh = make_unit("40", "Tỉnh Nghệ An", type_code="province")
    so = make_unit("40-SKHDT", "Sở Kế hoạch và Đầu tư", parent=tinh, type_code="department")
    vinh = make_unit("40-VINH", "Thành phố Vinh", parent=tinh, type_code="district")
    hb = make_unit("40-VINH-HB", "Phường Hưng Bình", parent=vinh, type_code="commune")
    lm = make_unit("40-VINH-LM", "Phường Lê Mao", parent=vinh, type_code="commune")
    return {"tinh": tinh, "so": so, "vinh": vinh, "hb": hb, "lm": lm}


def obligation(version, unit, due, submitted_at=None, status=None, period_key=None):
    """An obligation of ``version``'s rule for ``unit``, due at the end of the local day ``due``, written
    directly (for tracking and scoring tests that need deadlines in the past); ``submitted_at`` an aware
    instant. Status: "submitted" when handed in, else "late" once due, else "open" (or ``status``)."""
    from platform_core.obligations.calendar import due_instant
    from platform_core.obligations.models import Obligation
    from platform_core.timeutil import utcnow

    due_at = due_instant(due)
    if status is None:
        status = "submitted" if submitted_at is not None else ("late" if due_at < utcnow() else "open")
    row = Obligation(plugin_key=KEY, rule_key=version.report_type_key, unit_id=unit.id, title="Nghĩa vụ thử",
                     subject_ref="", period_key=period_key or f"{due.year}-{due.month:02d}",
                     period_start=due.replace(day=1), period_end=due, due_at=due_at, status=status,
                     submitted_at=submitted_at)
    _db.session.add(row)
    _db.session.commit()
    return row


def member(user, unit, role_key, scope="unit"):
    """Give ``user`` the declared role ``role_key`` on ``unit`` directly (test set-up, not a grant)."""
    from sqlalchemy import select

    from platform_core.access.models import Membership, Role

    role = _db.session.scalar(select(Role).where(Role.key == role_key))
    _db.session.add(Membership(user_id=user.id, unit_id=unit.id, role_id=role.id, scope=scope))
    _db.session.commit()
