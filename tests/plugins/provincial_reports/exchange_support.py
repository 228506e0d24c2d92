"""Shared setup of the exchange tests (RPT-11): a labour regime with approved reports of two wards, the
JSON Schema of the format, and helpers to compare documents."""
import json
from pathlib import Path

import jsonschema_rs

from tests.plugins.provincial_reports import pr_support as pr

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "plugins" / "provincial_reports" / "schemas" / "exchange-1.json"
PERIOD = "2026-Q1"

HB_DATA = {"section__s1": "Lao động ổn định.", "LD01__nam": "600", "LD01__nu": "400",
           "LD02__nam": "300", "LD02__nu": "200"}
LM_DATA = {"section__s1": "Tăng lao động nữ.", "section__s2": "Mở thêm lớp nghề.", "LD01__nam": "120",
           "LD01__nu": "80", "LD02__nam": "60", "LD02__nu": "70"}


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema_errors(document: dict) -> list[str]:
    """Messages of the schema about ``document`` (as written to a file), each with its JSON pointer."""
    from plugins.provincial_reports import exchange

    plain = json.loads(exchange.dumps(document))
    validator = jsonschema_rs.Draft202012Validator(schema())
    return [f"/{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(plain)]


def without_exported_at(document: dict) -> dict:
    """The document as a file reader sees it, minus the export instant."""
    from plugins.provincial_reports import exchange

    plain = json.loads(exchange.dumps(document))
    plain.pop("exported_at")
    return plain


def world(make_unit, make_user):
    """The plugin on, the library, the labour regime (received by the province), the province's units,
    and users: a system administrator, an entry officer and an approver of Thành phố Vinh's subtree."""
    pr.enable()
    pr.library()
    units = pr.province(make_unit)
    regime, version = pr.regime(receiving_unit=units["tinh"], lead_unit_id=units["so"].id)
    return {
        **units, "regime": regime, "version": version,
        "admin": make_user("quantri", admin=True),
        "entry": make_user("nhaplieu", unit=units["vinh"], role="provincial_reports.entry", scope="subtree"),
        "approver": make_user("lanhdao", unit=units["vinh"], role="provincial_reports.approver", scope="subtree"),
    }


def approved(w, unit, data, period=PERIOD, at=None):
    """A report of ``unit`` entered, submitted and approved through the workflow; returns it."""
    from platform_core.workflow import service as wf

    submission = wf.create_draft(w["version"].report_type_key, unit, w["entry"], period_key=period)
    wf.save_data(submission, w["entry"], data, submission.lock_version)
    wf.submit(submission, w["entry"], at=at)
    return wf.approve(submission, w["approver"])
