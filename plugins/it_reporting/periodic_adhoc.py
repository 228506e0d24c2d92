"""Ad-hoc requests (IT-05, QĐ 1676/QĐ-BTNMT Điều 14): the IT department asks chosen units for a report with
its own content and due date. Each unit gets an obligation of the ``it_reporting.adhoc`` rule, answered by
an ``it_reporting.adhoc`` report; the obligations of one request share a reference (``subject_ref``) made
from its content, so the same request sent twice for the same due date is refused."""
import hashlib
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from platform_core import db
from platform_core.access import scope_query
from platform_core.database import nfc
from platform_core.obligations import service as obligations
from platform_core.obligations.models import Obligation
from platform_core.workflow.models import Submission
from plugins.it_reporting import VIEW
from plugins.it_reporting.periodic import AD_HOC, AD_HOC_RULE


def reference(content: str) -> str:
    return "yc:" + hashlib.sha1(nfc(content).strip().encode()).hexdigest()[:16]


def issue(units, due: date, content: str) -> list[Obligation]:
    """One obligation per unit, all or none: ``obligations.ObligationError`` (a past date, a unit the rule
    does not apply to, the same request again) leaves nothing written."""
    subject = reference(content)
    created = []
    try:
        for unit in units:
            created.append(obligations.create_ad_hoc(AD_HOC_RULE, unit, due, content, subject_ref=subject,
                                                     commit=False))
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return created


@dataclass
class Request:
    title: str
    due: date
    subject_ref: str
    items: list = field(default_factory=list)  # (obligation, submission or None)


def requests(user, limit: int = 200) -> list[Request]:
    """The ad-hoc requests whose obligations ``user`` may see, newest due date first."""
    stmt = scope_query(select(Obligation).where(Obligation.rule_key == AD_HOC_RULE), Obligation.unit_id, user, VIEW)
    rows = db.session.scalars(stmt.order_by(Obligation.period_end.desc(), Obligation.id).limit(limit)).all()
    answered = {s.obligation_id: s for s in db.session.scalars(select(Submission).where(
        Submission.report_type_key == AD_HOC, Submission.obligation_id.in_([o.id for o in rows] or [-1])))}
    grouped: dict[tuple, Request] = {}
    for ob in rows:
        key = (ob.subject_ref, ob.period_key)
        request = grouped.setdefault(key, Request(ob.title, ob.period_end, ob.subject_ref))
        request.items.append((ob, answered.get(ob.id)))
    return list(grouped.values())
