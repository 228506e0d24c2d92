"""Error pages in the user's language; CSRF failures get a friendly 400."""
import logging

from flask import render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape

log = logging.getLogger(__name__)

TITLES = {
    400: _l("Yêu cầu không hợp lệ"),
    403: _l("Không có quyền truy cập"),
    404: _l("Không tìm thấy trang"),
    405: _l("Phương thức không được phép"),
    413: _l("Tệp tải lên quá lớn"),
    500: _l("Lỗi hệ thống"),
}
MESSAGES = {
    400: _l("Yêu cầu không hợp lệ. Vui lòng kiểm tra lại dữ liệu đã nhập."),
    403: _l("Bạn không có quyền thực hiện thao tác này."),
    404: _l("Trang bạn tìm không tồn tại hoặc đã bị gỡ bỏ."),
    405: _l("Thao tác này không được phép theo cách đã gửi."),
    413: _l("Tệp tải lên vượt quá dung lượng cho phép."),
    500: _l("Đã xảy ra lỗi. Quản trị hệ thống đã được ghi nhận; vui lòng thử lại sau."),
}
CSRF_MESSAGE = _l("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ (thiếu mã CSRF). "
                  "Vui lòng tải lại trang và thử lại.")
# Used when the full page cannot be drawn (database down): no layout, no navigation, no user.
BARE_PAGE = ('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{code} – {title}</title></head>'
             "<body><h1>{code} – {title}</h1><p>{message}</p></body></html>")


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _render(code, message=None):
    title, text = str(TITLES[code]), str(message or MESSAGES[code])
    if _wants_json():
        return {"error": title, "message": text}, code
    try:
        return render_template("errors/error.html", code=code, title=title, message=text), code
    except Exception:
        if code != 500:
            raise
        log.exception("the error page itself failed; answering with the bare page")
        lang = str(get_locale() or "vi")
        return BARE_PAGE.format(lang=lang, code=code, title=escape(title), message=escape(text)), code


def _server_error(error):
    """A failed statement leaves the session's transaction aborted (PostgreSQL refuses every further
    query), and the page needs the database for the signed-in user and the menu: start clean."""
    from platform_core.extensions import db

    try:
        db.session.rollback()
    except Exception:
        log.exception("rollback after a server error failed")
    return _render(500)


def _http_error(error, code):
    """Under /api/ every error, even one raised before routing (unknown URL, wrong method), is the API's
    JSON error with its machine-readable code."""
    if request.path.startswith("/api/"):
        from platform_core.api.errors import handle_http_exception

        return handle_http_exception(error)
    return _render(code)


def init_app(app):
    for code in TITLES:
        if code != 500:
            app.register_error_handler(code, lambda e, code=code: _http_error(e, code))
    app.register_error_handler(500, _server_error)

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return _render(400, CSRF_MESSAGE)
