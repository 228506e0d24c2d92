"""Notifications to people: e-mail over SMTP (``mail.send_mail`` / ``mail.send_template``)."""
