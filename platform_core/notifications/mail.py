"""Sending e-mail over SMTP (smtplib), plain text with an HTML alternative.

Settings: MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS (STARTTLS), MAIL_USE_SSL (implicit TLS), MAIL_USERNAME,
MAIL_PASSWORD, MAIL_DEFAULT_SENDER, MAIL_TIMEOUT. A MAIL_PORT of 0 or an empty MAIL_SERVER means "no mail
server": sending fails at once with :class:`MailError` instead of trying port 25.
"""
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template

log = logging.getLogger(__name__)


class MailError(RuntimeError):
    """The message could not be handed to the SMTP server; ``str()`` says why."""


def _recipients(addresses) -> list[str]:
    """Addresses without blanks and duplicates (compared case-insensitively), in the given order."""
    if isinstance(addresses, str):
        addresses = [addresses]
    seen, result = set(), []
    for address in addresses or []:
        address = (address or "").strip()
        if address and address.lower() not in seen:
            seen.add(address.lower())
            result.append(address)
    return result


def build_message(recipients, subject: str, text: str, html: str | None = None,
                  sender: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender or current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = ", ".join(_recipients(recipients))
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid()
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def _connect(cfg) -> smtplib.SMTP:
    host, port, timeout = cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), cfg.get("MAIL_TIMEOUT", 10)
    if cfg.get("MAIL_USE_SSL"):
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    smtp = smtplib.SMTP(host, port, timeout=timeout)
    if cfg.get("MAIL_USE_TLS"):
        smtp.starttls(context=ssl.create_default_context())
    return smtp


def send_mail(recipients, subject: str, text: str, html: str | None = None,
              sender: str | None = None) -> list[str]:
    """Send one message to ``recipients`` (a string or a list); returns the addresses it went to.

    Raises :class:`MailError` when nothing could be sent (no server configured, connection refused,
    authentication failed, every recipient refused…).
    """
    to = _recipients(recipients)
    if not to:
        raise MailError("không có địa chỉ người nhận")
    cfg = current_app.config
    if not cfg.get("MAIL_SERVER") or not int(cfg.get("MAIL_PORT") or 0):
        raise MailError("chưa cấu hình máy chủ thư (MAIL_SERVER, MAIL_PORT)")
    message = build_message(to, subject, text, html, sender)
    try:
        with _connect(cfg) as smtp:
            if cfg.get("MAIL_USERNAME"):
                smtp.login(cfg["MAIL_USERNAME"], cfg.get("MAIL_PASSWORD") or "")
            smtp.send_message(message, to_addrs=to)
    except (smtplib.SMTPException, OSError) as exc:
        log.warning("mail to %s failed: %s", to, exc)
        raise MailError(f"{exc.__class__.__name__}: {exc}") from exc
    return to


def send_template(recipients, subject: str, template: str, **context) -> list[str]:
    """Render ``notifications/<template>.txt`` and ``.html`` with ``context`` and send them."""
    text = render_template(f"notifications/{template}.txt", **context)
    html = render_template(f"notifications/{template}.html", **context)
    return send_mail(recipients, subject, text, html)
