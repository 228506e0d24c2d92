"""`flask demo seed` builds the Nghệ An demo (RPT-09, issue 5 item 10): the monthly socio-economic regime due
the 18th and consolidated by Sở Kế hoạch và Đầu tư from six agencies, a quarterly labour regime of more than
20 indicators by sex, an ad-hoc flood report, and reports in every state of the workflow. Seeding again
creates nothing."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from platform_core.obligations import calendar
from platform_core.obligations.models import Obligation
from platform_core.timeutil import local_today, utcnow
from platform_core.units.models import Unit
from platform_core.workflow import consolidation
from platform_core.workflow.models import Submission, SubmissionVersion

pytestmark = pytest.mark.req("RPT-09")
AGENCIES = ["40-BQLKKT", "40-CT", "40-CTK", "40-KBNN", "40-SCT", "40-STC"]


def _counts(db):
    from platform_core.access.models import Membership
    from platform_core.accounts.models import User
    from platform_core.signatures.models import SignedDocument, SigningCredential
    from plugins.provincial_reports.models import Assignment, Dimension, Indicator, Regime, RegimeVersion

    models = (Submission, SubmissionVersion, Obligation, Regime, RegimeVersion, Assignment, Indicator, Dimension,
              Unit, User, Membership, SigningCredential, SignedDocument)
    return {m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in models}


def _regime(db, code):
    from plugins.provincial_reports.models import Regime

    return db.session.scalar(sa.select(Regime).where(Regime.code == code))


def _unit(db, code):
    return db.session.scalar(sa.select(Unit).where(Unit.code == code))


def _reports(db, regime):
    keys = [v.report_type_key for v in regime.versions]
    return db.session.scalars(sa.select(Submission).where(Submission.report_type_key.in_(keys))).all()


def _user(db, username):
    from platform_core.accounts.models import User

    return db.session.scalar(sa.select(User).where(User.username == username))


@pytest.fixture
def seeded(app, db, runner):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    return first.output


def test_seeding_again_creates_nothing(seeded, db, runner):
    before = _counts(db)
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    assert _counts(db) == before
    for username in ("vp.chedo", "skhdt.tonghop", "cucthue.nhaplieu", "hungdong.nhaplieu", "dienchau.tonghop"):
        assert f"{username} / Demo@2026" in seeded


def test_the_monthly_regime_is_due_the_18th_and_consolidated_by_the_lead_unit(seeded, db, client, login_as):
    from plugins.provincial_reports.consolidation import contributors
    from plugins.provincial_reports.demo import demo_periods

    regime = _regime(db, "KTXH-THANG")
    assert regime.name == "Báo cáo tình hình kinh tế - xã hội hằng tháng"
    assert (regime.status, regime.kind, regime.frequency, regime.due_day) == ("active", "periodic", "calendar_month",
                                                                             18)
    assert regime.legal_number == "09/2024/QĐ-UBND" and regime.requires_signature
    assert regime.receiving_unit.code == "40-VP" and regime.lead_unit.code == "40-SKHDT"
    lead = _unit(db, "40-SKHDT")
    assert [u.code for u in contributors(regime, lead)] == AGENCIES
    assert contributors(regime, _unit(db, "40-CT")) == []

    latest = demo_periods("KTXH-THANG").past[-1]
    year, month = int(latest.period_key[:4]), int(latest.period_key[5:])
    due = date(year + month // 12, month % 12 + 1, 18)
    tax = db.session.scalar(sa.select(Obligation).where(
        Obligation.rule_key == regime.versions[0].report_type_key, Obligation.unit_id == _unit(db, "40-CT").id,
        Obligation.period_key == latest.period_key))
    assert tax.due_at == calendar.due_instant(due)

    report = next(s for s in _reports(db, regime) if s.unit_id == lead.id and s.period_key == latest.period_key)
    assert report.is_consolidated
    children = {c["unit_code"]: (c["late"], c["missing"]) for c in consolidation.latest_sources(report)["children"]}
    assert sorted(children) == AGENCIES
    assert children["40-BQLKKT"] == (True, True) and children["40-KBNN"] == (True, False)
    login_as(_user(db, "skhdt.tonghop"))
    page = client.get(f"/reports/{report.id}").get_data(as_text=True)
    assert "Ban Quản lý Khu kinh tế Đông Nam Nghệ An" in page and "Nộp muộn" in page


def test_the_quarterly_table_has_twenty_indicators_by_sex_and_computes_the_unemployment_rate(seeded, db):
    from decimal import ROUND_HALF_UP, Decimal

    regime = _regime(db, "LDXH-QUY")
    assert (regime.frequency, regime.due_day, regime.lead_unit_id) == ("quarter", 20, None)
    definition = regime.versions[0].definition
    rows = [row["indicator"] for table in definition["tables"] for row in table["rows"]]
    assert len(rows) >= 20
    assert {table["dimension"] for table in definition["tables"]} == {"sex"}
    formulas = [f for table in definition["tables"] for f in table["formulas"]]
    assert {"LD04.nam = LD03.nam / LD01.nam * 100", "LD04.nu = LD03.nu / LD01.nu * 100",
            "LD04.total = LD03.total / LD01.total * 100"} <= set(formulas)

    approved = next(s for s in _reports(db, regime) if s.status == "approved" and not s.is_consolidated)
    values = approved.data
    assert values["LD01__total"] == values["LD01__nam"] + values["LD01__nu"]
    for column in ("nam", "nu", "total"):
        rate = Decimal(values[f"LD03__{column}"]) / Decimal(values[f"LD01__{column}"]) * 100
        assert Decimal(values[f"LD04__{column}"]) == rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    units = {u.code for u in _units_of(regime)}
    assert units == {"40-VINH", "40-VINH-HB", "40-VINH-LM", "40-VINH-HD", "40-DC", "40-DC-TT", "40-DC-DN"}


def _units_of(regime):
    from plugins.provincial_reports.assignment import resolve_units

    return resolve_units(regime)


def test_the_ad_hoc_flood_report_is_due_a_few_days_after_the_seed(seeded, db):
    regime = _regime(db, "TH-MUALU")
    assert (regime.kind, regime.frequency) == ("adhoc", "adhoc")
    assert regime.adhoc_due_date == local_today() + timedelta(days=5)
    obligations = db.session.scalars(sa.select(Obligation).where(
        Obligation.rule_key == regime.versions[0].report_type_key)).all()
    assert sorted(o.unit.code for o in obligations) == ["40-DC", "40-VINH"]
    assert {o.due_at for o in obligations} == {calendar.due_instant(regime.adhoc_due_date)}
    table = regime.versions[0].definition["tables"][0]
    assert table["dimension"] is None and len(table["rows"]) == 8


def test_every_state_of_the_workflow_is_in_the_demo(seeded, db):
    from platform_core.signatures.service import has_valid_signature

    reports = [s for code in ("KTXH-THANG", "LDXH-QUY", "TH-MUALU") for s in _reports(db, _regime(db, code))]
    states = {s.status for s in reports}
    assert {"draft", "submitted", "returned", "resubmitted", "approved", "signed", "sent"} <= states
    assert all(s.return_reason for s in reports if s.status == "returned")
    signed = [s for s in reports if s.status in ("signed", "sent")]
    assert signed and all(has_valid_signature(s) for s in signed)
    assert any(s.obligation is not None and s.obligation.timeliness == "late" for s in reports)

    regime = _regime(db, "KTXH-THANG")
    keys = [v.report_type_key for v in regime.versions]
    answered = {s.obligation_id for s in reports}
    missing = db.session.scalars(sa.select(Obligation).where(
        Obligation.rule_key.in_(keys), Obligation.due_at < utcnow(), Obligation.id.not_in(answered))).all()
    assert [o.unit.code for o in missing] == ["40-BQLKKT"]
