"""Error pages in the user's language; CSRF failures get a friendly 400."""
from flask import render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

TITLES = {
    400: "Yêu cầu không hợp lệ",
    403: "Không có quyền truy cập",
    404: "Không tìm thấy trang",
    405: "Phương thức không được phép",
    413: "Tệp tải lên quá lớn",
    500: "Lỗi hệ thống",
}
MESSAGES = {
    400: "Yêu cầu không hợp lệ. Vui lòng kiểm tra lại dữ liệu đã nhập.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Trang bạn tìm không tồn tại hoặc đã bị gỡ bỏ.",
    405: "Thao tác này không được phép theo cách đã gửi.",
    413: "Tệp tải lên vượt quá dung lượng cho phép.",
    500: "Đã xảy ra lỗi. Quản trị hệ thống đã được ghi nhận; vui lòng thử lại sau.",
}


def _render(code, message=None):
    if request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/"):
        return {"error": _(TITLES.get(code, "Lỗi")), "message": _(message or MESSAGES.get(code, ""))}, code
    return render_template("errors/error.html", code=code, title=_(TITLES.get(code, "Lỗi")),
                           message=_(message or MESSAGES.get(code, ""))), code


def init_app(app):
    for code in TITLES:
        app.register_error_handler(code, lambda e, code=code: _render(code))

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return _render(400, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ (thiếu mã CSRF). "
                            "Vui lòng tải lại trang và thử lại.")
