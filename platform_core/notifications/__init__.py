"""Notifications to people: e-mail over SMTP (``mail.send_mail`` / ``mail.send_template``), the in-app
inbox with its bell (``inbox``), and reminders before and after due dates sent once only (``jobs``)."""


def init_app(app):
    from flask_login import current_user

    from platform_core.notifications import inbox, views

    app.register_blueprint(views.bp)

    @app.context_processor
    def inject_unread_count():
        def unread_notifications_count() -> int:
            return inbox.unread_count(current_user.id) if current_user.is_authenticated else 0

        return {"unread_notifications_count": unread_notifications_count}
