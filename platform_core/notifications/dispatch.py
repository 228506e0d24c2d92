"""Sending notices so that each (obligation, offset, recipient, channel) reaches a person at most once.

The delivery row is the claim. It is committed before anything leaves: whoever inserts it first (this
run, a second run, another scheduler process on another host) sends; everyone else gets an
IntegrityError from the unique key and skips. In-app notices are written in the same transaction as
their claim, so they exist exactly once.

An e-mail whose sending fails is marked ``failed`` with the SMTP error and is **not** retried by later
runs: the key is spent. Never twice beats at least once here: an officer graded on timeliness who gets
the same reminder twice stops trusting the system, while a lost one shows up on the administrator's
list of failed deliveries (``/notifications/settings``). A process that dies between the claim and the
SMTP conversation leaves the row ``claimed``; the same page lists those too, since nobody can tell
whether the message left.
"""
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError

from platform_core.extensions import db
from platform_core.notifications.mail import MailError, send_template
from platform_core.notifications.models import (
    CHANNEL_EMAIL,
    CHANNEL_INAPP,
    DELIVERY_CLAIMED,
    DELIVERY_FAILED,
    DELIVERY_SENT,
    KIND_ESCALATION,
    Delivery,
    Notification,
)
from platform_core.timeutil import format_date, utcnow

LOCALE = "vi"


@dataclass
class Outcome:
    """What a run did; ``skipped`` counts keys already claimed (by an earlier run or another process)."""

    inapp: int = 0
    email: int = 0
    failed: int = 0
    skipped: int = 0

    def count(self, channel: str, result: str | None):
        if result is None:
            self.skipped += 1
        elif result == DELIVERY_FAILED:
            self.failed += 1
        elif channel == CHANNEL_EMAIL:
            self.email += 1
        else:
            self.inapp += 1

    def __str__(self):
        return (f"{self.email} e-mail, {self.inapp} in-app, {self.failed} failed, "
                f"{self.skipped} already sent")


def subject(notice) -> str:
    if notice.kind == KIND_ESCALATION:
        return _("[Quá hạn %(days)s ngày] %(report)s – %(unit)s", days=notice.days_overdue,
                 report=notice.report_title, unit=notice.unit_name)
    if notice.days_left == 0:
        return _("[Nhắc hạn] %(report)s – hạn nộp hôm nay %(due)s", report=notice.report_title,
                 due=format_date(notice.due_date))
    return _("[Nhắc hạn] %(report)s – hạn nộp %(due)s, còn %(days)s ngày", report=notice.report_title,
             due=format_date(notice.due_date), days=notice.days_left)


def summary(notice) -> str:
    """The in-app body: one sentence with the regime, the unit and the deadline."""
    values = {"regime": notice.regime_title, "unit": notice.unit_name, "due": format_date(notice.due_date)}
    if notice.kind == KIND_ESCALATION:
        return _("%(unit)s chưa nộp báo cáo thuộc chế độ %(regime)s; hạn nộp %(due)s, đã quá hạn "
                 "%(days)s ngày.", days=notice.days_overdue, **values)
    if notice.days_left == 0:
        return _("Chế độ %(regime)s, đơn vị %(unit)s: hạn nộp là hôm nay, %(due)s.", **values)
    return _("Chế độ %(regime)s, đơn vị %(unit)s: hạn nộp %(due)s, còn %(days)s ngày.",
             days=notice.days_left, **values)


def _claimed_keys(notices) -> set[tuple]:
    """Keys already in the delivery log, read once for the run so that reruns do not even try."""
    keys = {(n.obligation_id, n.offset_days) for n in notices}
    if not keys:
        return set()
    rows = db.session.execute(
        select(Delivery.obligation_id, Delivery.offset_days, Delivery.recipient_id, Delivery.channel)
        .where(tuple_(Delivery.obligation_id, Delivery.offset_days).in_(list(keys))))
    return {tuple(row) for row in rows}


def _claim(notice, person, channel, *, sent=False, extra=()) -> Delivery | None:
    """Insert and commit the delivery row (with ``extra`` rows in the same transaction); None when the
    key was already taken."""
    delivery = Delivery(obligation_id=notice.obligation_id, offset_days=notice.offset_days,
                        recipient_id=person.id, channel=channel,
                        status=DELIVERY_SENT if sent else DELIVERY_CLAIMED, sent_at=utcnow() if sent else None)
    db.session.add(delivery)
    db.session.add_all(extra)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    return delivery


def _in_app(notice, person) -> str | None:
    note = Notification(user_id=person.id, title=subject(notice), body=summary(notice), link=notice.link,
                        kind=notice.kind, obligation_id=notice.obligation_id)
    return DELIVERY_SENT if _claim(notice, person, CHANNEL_INAPP, sent=True, extra=[note]) else None


def _e_mail(notice, person) -> str | None:
    delivery = _claim(notice, person, CHANNEL_EMAIL)
    if delivery is None:
        return None
    try:
        send_template(person.email, subject(notice), notice.kind, notice=notice, person=person,
                      due=format_date(notice.due_date))
    except MailError as exc:
        delivery.status, delivery.error = DELIVERY_FAILED, str(exc)[:2000]
    else:
        delivery.status, delivery.sent_at = DELIVERY_SENT, utcnow()
    db.session.commit()
    return delivery.status


SENDERS = {CHANNEL_INAPP: _in_app, CHANNEL_EMAIL: _e_mail}


def deliver(notices) -> Outcome:
    """Send every notice to each of its recipients: in-app always, by e-mail when they have an address.
    Each sender answers "sent", "failed", or None when the key was already claimed."""
    outcome = Outcome()
    done = _claimed_keys(notices)
    with force_locale(LOCALE):
        for notice in notices:
            for person in notice.recipients:
                for channel in [CHANNEL_INAPP] + ([CHANNEL_EMAIL] if person.email else []):
                    key = (notice.obligation_id, notice.offset_days, person.id, channel)
                    outcome.count(channel, None if key in done else SENDERS[channel](notice, person))
    return outcome
