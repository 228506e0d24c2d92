"""Demo of the Nghệ An reporting system (QĐ 09/2024/QĐ-UBND), called by ``flask demo seed``.

On top of the core demo's tree (Tỉnh Nghệ An, its office and departments, Thành phố Vinh and Huyện Diễn
Châu with their communes) it adds the agencies of Đ14 and an officer for each, an administrator of the
regimes (``vp.chedo``), builds the library and the three regimes of ``demo_regimes`` through the builder's
services, assigns them, and replays a few periods of history through the workflow service:

- ``KTXH-THANG`` (RPT-09): the last three months whose deadline (the 18th) has passed and the current one.
  The agencies report their figures, Sở Kế hoạch và Đầu tư consolidates them: the oldest month is signed
  and sent, the next signed, the latest submitted late with Ban Quản lý Khu kinh tế missing and Kho bạc
  late; in the current month one report is a draft, one submitted, one returned, one resubmitted.
- ``LDXH-QUY``: the last two quarters due and the current one. Thành phố Vinh consolidates its three
  communes for the latest quarter with Xã Hưng Đông two days late; Huyện Diễn Châu with Xã Diễn Ngọc
  missing.
- ``TH-MUALU``: an ad-hoc report due a few days after the seed; Vinh has submitted, Diễn Châu drafts.

History is replayed, so the regimes are assigned "as of" a date before the first period shown
(``assign(now=…)``): the 72-hour rule of Đ8.3 applies to the first deadline from that date, as it did for
whoever assigned the regime then. Hand-in times are backdated with ``submit(at=…)``; approvals and
signatures carry the seeding time. The two consolidated reports of Sở Kế hoạch và Đầu tư are signed with a
self-signed certificate made here for ``nghean.gui`` (labelled as a demo certificate; its passphrase is the
demo password); if signing is impossible they stay approved and the output says so.

Idempotent: what exists (units, accounts, library entries, regimes, assignments, reports) is left as it is;
a report is replayed only when its unit has none for the period.
"""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from platform_core.demo import DEMO_PASSWORD
from platform_core.extensions import db
from platform_core.obligations import planning
from platform_core.obligations.models import Obligation
from platform_core.obligations.rules import Periodic
from platform_core.timeutil import LOCAL_TZ, format_date, local_today, utcnow
from plugins.provincial_reports import demo_regimes as data

KEY = "provincial_reports"
PROVINCE = "40"
# (code, name, unit type, abbreviation) as in data/nghe_an_units.csv
AGENCIES = [
    ("40-STC", "Sở Tài chính", "department", "stc"),
    ("40-SCT", "Sở Công Thương", "department", "sct"),
    ("40-CT", "Cục Thuế tỉnh Nghệ An", "agency", "cucthue"),
    ("40-CTK", "Cục Thống kê tỉnh Nghệ An", "agency", "cucthongke"),
    ("40-KBNN", "Kho bạc Nhà nước Nghệ An", "agency", "khobac"),
    ("40-BQLKKT", "Ban Quản lý Khu kinh tế Đông Nam Nghệ An", "department", "bqlkkt"),
]
ENTRY, CONSOLIDATOR, APPROVER = f"{KEY}.entry", f"{KEY}.consolidator", f"{KEY}.approver"
REGIME_ADMIN = "vp.chedo"
# (username, full name, unit of the account, role, unit of the role, scope, position). Accounts the core
# demo already makes (vinh.nhaplieu, vinh.tonghop, nghean.lanhdao, nghean.gui) are only used.
ACCOUNTS = [
    (REGIME_ADMIN, "Nguyễn Văn Hải", "40-VP", f"{KEY}.regime_admin", PROVINCE, "subtree",
     "Chuyên viên Văn phòng Ủy ban nhân dân tỉnh"),
    ("skhdt.tonghop", "Hoàng Thị Minh", "40-SKHDT", CONSOLIDATOR, "40-SKHDT", "unit", "Chuyên viên Phòng Tổng hợp"),
    ("stc.nhaplieu", "Lê Văn Tâm", "40-STC", ENTRY, "40-STC", "unit", "Chuyên viên Phòng Quản lý ngân sách"),
    ("sct.nhaplieu", "Trần Thị Hằng", "40-SCT", ENTRY, "40-SCT", "unit", "Chuyên viên Phòng Quản lý thương mại"),
    ("cucthue.nhaplieu", "Phạm Văn Cường", "40-CT", ENTRY, "40-CT", "unit", "Chuyên viên Phòng Nghiệp vụ dự toán"),
    ("cucthongke.nhaplieu", "Nguyễn Thị Lan Anh", "40-CTK", ENTRY, "40-CTK", "unit", "Thống kê viên"),
    ("khobac.nhaplieu", "Đinh Văn Phúc", "40-KBNN", ENTRY, "40-KBNN", "unit", "Chuyên viên Phòng Kiểm soát chi"),
    ("bqlkkt.nhaplieu", "Võ Thị Thanh", "40-BQLKKT", ENTRY, "40-BQLKKT", "unit", "Chuyên viên Phòng Quản lý đầu tư"),
    ("hungbinh.nhaplieu", "Trần Thị Thuỷ", "40-VINH-HB", ENTRY, "40-VINH-HB", "unit", "Công chức văn phòng - thống kê"),
    ("lemao.nhaplieu", "Nguyễn Văn Lộc", "40-VINH-LM", ENTRY, "40-VINH-LM", "unit", "Công chức văn phòng - thống kê"),
    ("hungdong.nhaplieu", "Lê Thị Quỳnh", "40-VINH-HD", ENTRY, "40-VINH-HD", "unit", "Công chức văn phòng - thống kê"),
    ("ttdienchau.nhaplieu", "Cao Văn Bình", "40-DC-TT", ENTRY, "40-DC-TT", "unit", "Công chức văn phòng - thống kê"),
    ("dienngoc.nhaplieu", "Hồ Thị Mai", "40-DC-DN", ENTRY, "40-DC-DN", "unit", "Công chức văn phòng - thống kê"),
    ("dienchau.nhaplieu", "Phan Thị Hương", "40-DC", ENTRY, "40-DC", "unit", "Chuyên viên Văn phòng HĐND và UBND"),
    ("dienchau.tonghop", "Nguyễn Đình Khoa", "40-DC", CONSOLIDATOR, "40-DC", "subtree", "Chuyên viên tổng hợp"),
    ("vinh.lanhdao", "Trần Quốc Việt", "40-VINH", APPROVER, "40-VINH", "subtree", "Phó Chủ tịch UBND thành phố"),
    ("dienchau.lanhdao", "Lê Văn Hoà", "40-DC", APPROVER, "40-DC", "subtree", "Phó Chủ tịch UBND huyện"),
]
# The unit whose reports each account enters; who consolidates and approves whose reports.
OFFICERS = {code: username for username, _n, code, role, _u, _s, _p in ACCOUNTS if role == ENTRY}
OFFICERS["40-VINH"] = "vinh.nhaplieu"
CONSOLIDATORS = {"40-SKHDT": "skhdt.tonghop", "40-VINH": "vinh.tonghop", "40-DC": "dienchau.tonghop"}
PROVINCE_APPROVER, SENDER = "nghean.lanhdao", "nghean.gui"
DISTRICT_APPROVERS = {"40-VINH": "vinh.lanhdao", "40-DC": "dienchau.lanhdao"}

# The history: slot 0 is the current period (deadline still ahead), 1 the latest period already due, 2 the one
# before… Each unit's report ends in a state; the number is the day, relative to the due day, it was handed
# in (about 10:00). A unit absent from a past slot sent nothing: it is missing.
DRAFT, SUBMITTED, RETURNED, RESUBMITTED, APPROVED, SIGNED, SENT = (
    "draft", "submitted", "returned", "resubmitted", "approved", "signed", "sent")
MONTHLY_PLAN = {
    3: {"40-CT": (APPROVED, -6), "40-STC": (APPROVED, -5), "40-SCT": (APPROVED, -4), "40-CTK": (APPROVED, -5),
        "40-KBNN": (APPROVED, -3), "40-BQLKKT": (APPROVED, -4)},
    2: {"40-CT": (APPROVED, -5), "40-STC": (APPROVED, -6), "40-SCT": (APPROVED, -3), "40-CTK": (APPROVED, -4),
        "40-KBNN": (APPROVED, -2), "40-BQLKKT": (APPROVED, -3)},
    1: {"40-CT": (APPROVED, -4), "40-STC": (APPROVED, -5), "40-SCT": (APPROVED, -3), "40-CTK": (APPROVED, -4),
        "40-KBNN": (APPROVED, 2)},
    0: {"40-CT": (SUBMITTED, None), "40-STC": (DRAFT, None), "40-SCT": (RETURNED, None), "40-CTK": (APPROVED, None),
        "40-KBNN": (RESUBMITTED, None)},
}
LEAD_PLAN = {3: (SENT, -1), 2: (SIGNED, -1), 1: (SUBMITTED, 3)}
QUARTERLY_PLAN = {
    2: {"40-VINH-HB": (APPROVED, -6), "40-VINH-LM": (APPROVED, -4), "40-VINH-HD": (APPROVED, -2),
        "40-DC-TT": (APPROVED, -5), "40-DC-DN": (APPROVED, -3)},
    1: {"40-VINH-HB": (APPROVED, -4), "40-VINH-LM": (APPROVED, -1), "40-VINH-HD": (APPROVED, 2),
        "40-DC-TT": (APPROVED, -3)},
    0: {"40-VINH-HB": (DRAFT, None), "40-VINH-LM": (RESUBMITTED, None), "40-VINH-HD": (SUBMITTED, None),
        "40-DC-TT": (RETURNED, None)},
}
DISTRICT_PLAN = {2: {"40-VINH": (APPROVED, -1), "40-DC": (APPROVED, 0)}, 1: {"40-VINH": (DRAFT, None),
                                                                          "40-DC": (DRAFT, None)}}
FLOOD_PLAN = {"40-VINH": (SUBMITTED, None), "40-DC": (DRAFT, None)}
RETURN_REASONS = {
    "40-SCT": "Kim ngạch xuất khẩu tăng so với tháng trước nhưng phần đánh giá ghi giảm; đề nghị thống nhất số liệu "
              "với Chi cục Hải quan rồi nộp lại.",
    "40-KBNN": "Vốn đầu tư thực hiện chưa khớp với báo cáo giải ngân của Sở Tài chính; đề nghị đối chiếu lại.",
    "40-VINH-LM": "Số người có thẻ bảo hiểm y tế (nữ) lớn hơn số liệu của Bảo hiểm xã hội thành phố; đề nghị rà soát.",
    "40-DC-TT": "Số người tham gia bảo hiểm xã hội tự nguyện giảm mạnh so với quý trước; đề nghị kiểm tra, giải "
                "trình.",
}
CERT_LABEL = "Chứng thư thử nghiệm — chỉ dùng cho bản demo"
HISTORY_LEAD_DAYS = 20  # regimes are assigned this many days before the first deadline shown


@dataclass
class Context:
    units: dict
    users: dict
    today: date
    notes: list


# ---------------------------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class DemoPeriods:
    past: list  # planning.PlannedPeriod, oldest first, all due before today
    current: object  # the first period due today or later


def demo_periods(regime_code: str, today: date | None = None) -> DemoPeriods:
    """The periods the demo fills for a periodic regime of ``demo_regimes``: the last three (monthly) or two
    (quarterly) whose due day is before ``today``, and the current one."""
    today = today or local_today()
    spec = next(s for s in data.REGIMES if s["code"] == regime_code)
    rule = Periodic(f"{KEY}.demo_plan", spec["name"], spec["frequency"], due_day=spec["due_day"])
    count = len(MONTHLY_PLAN if regime_code == data.MONTHLY else QUARTERLY_PLAN) - 1
    past = planning.plan(rule, today - timedelta(days=400), today - timedelta(days=1))[-count:]
    current = planning.plan(rule, today, today + timedelta(days=200))[0]
    return DemoPeriods(past, current)


def _slots(periods: DemoPeriods) -> dict:
    """``{slot: period}``: 0 the current period, 1 the latest past one, …"""
    return {0: periods.current, **{len(periods.past) - i: p for i, p in enumerate(periods.past)}}


def _at(due: date, days: int | None) -> datetime | None:
    """When a report was handed in: ``days`` after the due day at 10:00 (never in the future), or now."""
    if days is None:
        return None
    moment = datetime.combine(due + timedelta(days=days), time(10), tzinfo=LOCAL_TZ)
    return min(moment, utcnow() - timedelta(minutes=5))


# ---------------------------------------------------------------------------------------------- units, accounts


def _units() -> dict:
    from platform_core.units.models import Unit
    from platform_core.units.service import create_unit

    units = {u.code: u for u in db.session.scalars(select(Unit).where(Unit.code.startswith(PROVINCE)))}
    for code, name, type_code, abbreviation in AGENCIES:
        if code not in units:
            units[code] = create_unit(code, name, type_code, parent=units[PROVINCE], abbreviation=abbreviation)
    return units


def _accounts(units: dict) -> dict:
    from platform_core.access.models import Membership, Role
    from platform_core.accounts.models import User
    from platform_core.accounts.passwords import hash_password

    roles = {r.key: r for r in db.session.scalars(select(Role).where(Role.key.startswith(f"{KEY}.")))}
    for username, full_name, unit_code, role_key, role_unit, scope, position in ACCOUNTS:
        if role_key not in roles or db.session.scalar(select(User.id).where(User.username == username)):
            continue
        user = User(username=username, full_name=full_name, unit_id=units[unit_code].id, position=position,
                    password_hash=hash_password(DEMO_PASSWORD), must_change_password=False,
                    email=f"{username}@example.gov.vn")
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user_id=user.id, unit_id=units[role_unit].id, role_id=roles[role_key].id,
                                  scope=scope))
    db.session.commit()
    names = {a[0] for a in ACCOUNTS} | set(CONSOLIDATORS.values()) | {OFFICERS["40-VINH"], PROVINCE_APPROVER, SENDER}
    return {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(names)))}


# ---------------------------------------------------------------------------------------------- regimes


def _library(admin) -> None:
    from plugins.provincial_reports import library
    from plugins.provincial_reports.models import Dimension, Indicator

    have = set(db.session.scalars(select(Dimension.code)))
    for spec in data.DIMENSIONS:
        if spec["code"] not in have:
            library.create_dimension(spec["code"], spec["name"], spec["categories"], admin)
    have = set(db.session.scalars(select(Indicator.code)))
    for spec in data.INDICATORS:
        if spec["code"] not in have:
            library.create_indicator(spec, admin)


def _start(spec: dict, ctx: Context) -> datetime:
    """The moment the regime is taken as assigned: before the first deadline the demo shows."""
    if spec["frequency"] == "adhoc":
        return utcnow()
    first = demo_periods(spec["code"], ctx.today).past[0]
    return datetime.combine(first.due - timedelta(days=HISTORY_LEAD_DAYS), time(9), tzinfo=LOCAL_TZ)


def _regime(spec: dict, admin, ctx: Context):
    """The regime of ``spec``: created, given its content and assigned when missing; otherwise its missing
    obligations are generated as of the same start."""
    from plugins.provincial_reports import assignment, fields, regimes
    from plugins.provincial_reports.models import STATUS_ACTIVE, STATUS_RETIRED, Regime

    units, start = ctx.units, _start(spec, ctx)
    regime = db.session.scalar(select(Regime).where(Regime.code == spec["code"]))
    if regime is None:
        meta = {name: spec[name] for name in ("code", "name", "kind", "content", "sending_method", "instructions",
                                              "frequency", "requires_signature", "consolidates")}
        meta.update(legal_number=data.LEGAL_NUMBER, legal_date=data.LEGAL_DATE,
                    receiving_unit_id=units[spec["receiving_unit"]].id)
        if spec["frequency"] == "adhoc":
            meta["adhoc_due_date"] = ctx.today + timedelta(days=data.FLOOD_DAYS)
        else:
            meta["due_day"] = spec["due_day"]
        regime = regimes.create_regime(meta, admin)
        if spec["lead_unit"]:
            regime.lead_unit_id = units[spec["lead_unit"]].id  # the builder's form does not set it
            db.session.commit()
            fields.forget()
        regimes.save_definition(regime, spec["definition"], admin)
    if not regime.assignments and regime.status != STATUS_RETIRED:
        assignment.assign(regime, admin, unit_ids=[units[c].id for c in spec["unit_ids"]],
                          subtree_ids=[units[c].id for c in spec["subtree_ids"]], now=start)
    elif regime.status == STATUS_ACTIVE:
        assignment.generate(regime, now=start)
    return regime


# ---------------------------------------------------------------------------------------------- reports


def _obligation(version, unit, period_key: str):
    return db.session.scalar(select(Obligation).where(
        Obligation.rule_key == version.report_type_key, Obligation.unit_id == unit.id,
        Obligation.period_key == period_key, Obligation.subject_ref == ""))


def _approver(unit_code: str, ctx: Context):
    district = next((code for code in DISTRICT_APPROVERS if unit_code.startswith(code)), None)
    return ctx.users[DISTRICT_APPROVERS[district] if district else PROVINCE_APPROVER]


def _replay(what: str, ctx: Context, replay, *args, **kwargs):
    """Run one replay; a refusal of the workflow (data changed by hand since) is noted, not fatal."""
    from platform_core.workflow import service

    try:
        return replay(*args, **kwargs)
    except service.WorkflowError as exc:
        db.session.rollback()
        ctx.notes.append(f"  (Bỏ qua {what}: {exc})")
        return None


def _report(version, unit, period_key: str, step, figures: dict, ctx: Context, corrected: dict | None = None,
            due: date | None = None):
    """Replay one unit's report up to the state ``step`` says; nothing when the unit already has one."""
    from platform_core.workflow import service

    obligation = _obligation(version, unit, period_key)
    if obligation is None or service.existing_submission(version.report_type_key, unit.id, period_key,
                                                         obligation) is not None:
        return None
    state, days = step
    officer, approver = ctx.users[OFFICERS[unit.code]], _approver(unit.code, ctx)
    submission = service.create_draft(version.report_type_key, unit, officer, obligation=obligation)
    service.save_data(submission, officer, figures, submission.lock_version)
    if state == DRAFT:
        return submission
    service.submit(submission, officer, at=_at(due or obligation.due_at.date(), days))
    if state in (RETURNED, RESUBMITTED):
        service.return_for_correction(submission, approver, RETURN_REASONS[unit.code])
        if state == RESUBMITTED:
            service.save_data(submission, officer, {**figures, **(corrected or {})}, submission.lock_version)
            service.submit(submission, officer)
    elif state != SUBMITTED:
        service.approve(submission, approver)
    return submission


def _consolidated(regime, version, unit, period, step, extra: dict, ctx: Context):
    """Replay a consolidating unit's report: consolidate, add its own figures and texts, then move it on."""
    from platform_core.workflow import service
    from plugins.provincial_reports import consolidation

    if service.existing_submission(version.report_type_key, unit.id, period.period_key) is not None:
        return None
    user = ctx.users[CONSOLIDATORS[unit.code]]
    report = consolidation.consolidate(regime, version.report_type_key, unit, period.period_key, user)
    service.save_data(report, user, {**(report.data or {}), **extra}, report.lock_version)
    state, days = step
    if state == DRAFT:
        return report
    service.submit(report, user, at=_at(period.due, days))
    if state == SUBMITTED:
        return report
    service.approve(report, _approver(unit.code, ctx))
    if state in (SIGNED, SENT) and _sign(report, ctx) and state == SENT:
        service.send(report, ctx.users[SENDER])
    return report


# ---------------------------------------------------------------------------------------------- signing


def demo_pkcs12(full_name: str, passphrase: str = DEMO_PASSWORD) -> bytes:
    """A self-signed signing certificate and key for the demo (PKCS#12, protected by ``passphrase``). Its
    names say it is a test certificate; it proves nothing about anyone."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, f"{full_name} (thử nghiệm)"[:64]),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Chứng thư thử nghiệm - chỉ dùng cho bản demo"),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
    ])
    start = datetime.now(UTC) - timedelta(days=1)
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + timedelta(days=730))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .sign(key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(
        b"demo", key, cert, None, serialization.BestAvailableEncryption(passphrase.encode("utf-8")))


def _credential(user):
    from platform_core.signatures import service as signatures

    found = [c for c in signatures.usable_credentials(user) if c.label == CERT_LABEL]
    return found[0] if found else signatures.add_credential(user, CERT_LABEL, demo_pkcs12(user.full_name),
                                                            DEMO_PASSWORD)


def _sign(report, ctx: Context) -> bool:
    """Sign ``report`` as the sender with the demo certificate; False (report left approved) when impossible."""
    from platform_core.signatures import service as signatures

    signer = ctx.users[SENDER]
    try:
        signatures.sign_submission(report, signer, _credential(signer).id, DEMO_PASSWORD)
    except Exception as exc:  # noqa: BLE001 - a demo without signing still shows everything else
        db.session.rollback()
        ctx.notes.append(f"  (Không ký số được báo cáo «{report.title}»: {exc}; báo cáo để ở trạng thái đã phê "
                         "duyệt.)")
        return False
    return True


# ---------------------------------------------------------------------------------------------- history


def _monthly(regime, ctx: Context) -> dict:
    version = regime.versions[0]
    lead = ctx.units["40-SKHDT"]
    slots = _slots(demo_periods(data.MONTHLY, ctx.today))
    for slot in sorted(slots, reverse=True):
        period, index = slots[slot], len(slots) - 1 - slot
        for code, step in MONTHLY_PLAN[slot].items():
            figures = {name: values[index] for name, values in data.MONTHLY_FIGURES[code].items()}
            figures["section__s1"] = data.MONTHLY_TEXTS[code]
            _replay(f"báo cáo {period.period_key} của {code}", ctx, _report, version, ctx.units[code],
                    period.period_key, step, figures, ctx, corrected=data.MONTHLY_CORRECTED.get(code), due=period.due)
        if slot in LEAD_PLAN:
            extra = {name: values[index] for name, values in data.MONTHLY_FIGURES[lead.code].items()}
            _replay(f"báo cáo tổng hợp {period.period_key} của {lead.code}", ctx, _consolidated, regime, version,
                    lead, period, LEAD_PLAN[slot], {**extra, **data.LEAD_TEXTS}, ctx)
    return slots


def _quarterly(regime, ctx: Context) -> dict:
    version = regime.versions[0]
    slots = _slots(demo_periods(data.QUARTERLY, ctx.today))
    extra = {**data.LABOUR_TEXTS, "section__s3": "Đề nghị tỉnh hỗ trợ kinh phí đào tạo nghề cho lao động nông thôn."}
    for slot in sorted(slots, reverse=True):
        period, quarter = slots[slot], len(slots) - 1 - slot
        for code, step in QUARTERLY_PLAN[slot].items():
            figures = data.labour_figures(code, quarter)
            corrected = {name: str(int(figures[name]) + change) for name, change in data.LABOUR_CORRECTION.items()}
            _replay(f"báo cáo {period.period_key} của {code}", ctx, _report, version, ctx.units[code],
                    period.period_key, step, figures, ctx, corrected=corrected, due=period.due)
        for code, step in DISTRICT_PLAN.get(slot, {}).items():
            _replay(f"báo cáo tổng hợp {period.period_key} của {code}", ctx, _consolidated, regime, version,
                    ctx.units[code], period, step, extra, ctx)
    return slots


def _floods(regime, ctx: Context) -> None:
    version = regime.versions[0]
    due = regime.adhoc_due_date
    for code, step in FLOOD_PLAN.items():
        _replay(f"báo cáo đột xuất của {code}", ctx, _report, version, ctx.units[code], due.isoformat(), step,
                data.FLOOD_FIGURES[code], ctx, due=due)


# ---------------------------------------------------------------------------------------------- output


def _report_id(regime, unit, period_key: str) -> str:
    from platform_core.workflow.models import Submission

    found = db.session.scalar(select(Submission.id).where(
        Submission.report_type_key.in_([v.report_type_key for v in regime.versions]), Submission.unit_id == unit.id,
        Submission.period_key == period_key).order_by(Submission.id).limit(1))
    return f"/reports/{found}" if found else "(chưa có)"


def _lines(ctx: Context, regimes: dict, months: dict, quarters: dict) -> list[str]:
    from platform_core.access.models import Role
    from plugins.provincial_reports.assignment import period_text

    names = dict(db.session.execute(select(Role.key, Role.name).where(Role.key.startswith(f"{KEY}."))).all())
    lines = [f"Báo cáo tỉnh Nghệ An (QĐ 09/2024/QĐ-UBND) — tài khoản (mật khẩu {DEMO_PASSWORD}):"]
    for username, _full, _unit, role_key, role_unit, _scope, _position in ACCOUNTS:
        if username in ctx.users:
            lines.append(f"  {username} / {DEMO_PASSWORD} / {names.get(role_key, role_key)} / "
                         f"{ctx.units[role_unit].name}")
    monthly, quarterly, floods = regimes[data.MONTHLY], regimes[data.QUARTERLY], regimes[data.FLOODS]
    month, quarter = months[1].period_key, quarters[1].period_key
    lines += [
        "Phân công trong bản demo: nghean.lanhdao phê duyệt báo cáo của các sở, ngành; vinh.lanhdao và "
        "dienchau.lanhdao phê duyệt báo cáo của thành phố, huyện và các xã trực thuộc; nghean.gui ký số và gửi "
        f"(chứng thư thử nghiệm «{CERT_LABEL}», mật khẩu chứng thư {DEMO_PASSWORD}).",
        "Thử:",
        f"  - {REGIME_ADMIN}: Quản trị → Chế độ báo cáo tỉnh: {monthly.code} (hạn ngày 18 hằng tháng, Sở Kế hoạch và "
        f"Đầu tư chủ trì tổng hợp), {quarterly.code} (22 chỉ tiêu theo giới tính, công thức tỷ lệ thất nghiệp), "
        f"{floods.code} (đột xuất, hạn {format_date(floods.adhoc_due_date)}); Theo dõi báo cáo, Bảng số liệu.",
        f"  - skhdt.tonghop: báo cáo tổng hợp kinh tế - xã hội tháng {period_text(month)} (Ban Quản lý Khu kinh tế "
        f"chưa gửi, Kho bạc gửi muộn), chờ nghean.lanhdao phê duyệt: "
        f"{_report_id(monthly, ctx.units['40-SKHDT'], month)}",
        f"  - vinh.tonghop: báo cáo tổng hợp lao động, việc làm {period_text(quarter)} của Thành phố Vinh (Xã Hưng "
        f"Đông nộp muộn), đang soạn: {_report_id(quarterly, ctx.units['40-VINH'], quarter)}",
        f"  - sct.nhaplieu: báo cáo tháng {period_text(months[0].period_key)} bị trả lại, sửa rồi nộp lại; "
        f"lemao.nhaplieu: báo cáo {period_text(quarters[0].period_key)} đã nộp lại, chờ vinh.lanhdao phê duyệt.",
        f"  - nghean.gui: gửi báo cáo tổng hợp tháng {period_text(months[2].period_key)} (đã ký số, chưa gửi).",
        "  - Trang công khai /public: số liệu công bố của kỳ mà mọi đơn vị đã được phê duyệt.",
    ]
    return lines + ctx.notes


def seed() -> list[str]:
    """Create what is missing of the demo (see the module docstring); return the lines to print."""
    from platform_core.units.models import Unit

    if db.session.scalar(select(Unit.id).where(Unit.code == PROVINCE)) is None:
        return []
    units = _units()
    users = _accounts(units)
    missing = sorted({*OFFICERS.values(), *CONSOLIDATORS.values(), PROVINCE_APPROVER, SENDER,
                      *DISTRICT_APPROVERS.values(), REGIME_ADMIN} - set(users))
    needed = {"40-VP", "40-SKHDT", "40-VINH", "40-DC", *OFFICERS}
    if missing or needed - set(units):
        return [f"Báo cáo tỉnh Nghệ An: bỏ qua dữ liệu demo (thiếu tài khoản {', '.join(missing) or '—'}, đơn vị "
                f"{', '.join(sorted(needed - set(units))) or '—'})."]
    ctx = Context(units, users, local_today(), [])
    admin = users[REGIME_ADMIN]
    _library(admin)
    regimes = {spec["code"]: _regime(spec, admin, ctx) for spec in data.REGIMES}
    months = _monthly(regimes[data.MONTHLY], ctx)
    quarters = _quarterly(regimes[data.QUARTERLY], ctx)
    _floods(regimes[data.FLOODS], ctx)
    return _lines(ctx, regimes, months, quarters)
