"""Telling a person their user name and temporary password by e-mail."""
from flask import url_for
from flask_babel import gettext as _

from platform_core.notifications.mail import MailError, send_template


def mail_credentials(recipients, user, password: str, reason: str) -> tuple[list[str], str | None]:
    """Send the credentials; returns ``(addresses sent to, error or None)``. Never raises for mail
    trouble: the account change stands and the caller shows the password instead.

    ``reason`` is "new" (an account was created) or "reset" (the password was reset).
    """
    subject = (_("Thông tin tài khoản sử dụng hệ thống báo cáo") if reason == "new"
               else _("Mật khẩu tạm thời của tài khoản hệ thống báo cáo"))
    try:
        sent = send_template(recipients, subject, "account_credentials", user=user, password=password,
                             reason=reason, login_url=url_for("accounts.login", _external=True))
    except MailError as exc:
        return [], str(exc)
    return sent, None
