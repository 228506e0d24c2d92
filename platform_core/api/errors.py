"""Every API failure is JSON ``{"error": code, "message": Vietnamese text}`` with a 4xx status; a 422 adds
``fields`` (which input is wrong and why). Never an HTML page, never a 500 for bad input."""
from flask import jsonify
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

CODES = {
    400: ("bad_request", _l("Yêu cầu không hợp lệ.")),
    401: ("unauthorized", _l("Cần khoá API hợp lệ trong tiêu đề Authorization: Bearer <khoá>.")),
    403: ("forbidden", _l("Bạn không có quyền thực hiện thao tác này.")),
    404: ("not_found", _l("Không tìm thấy tài nguyên hoặc bạn không có quyền xem.")),
    405: ("method_not_allowed", _l("Phương thức không được hỗ trợ tại địa chỉ này.")),
    409: ("conflict", _l("Yêu cầu xung đột với trạng thái hiện tại của dữ liệu.")),
    413: ("payload_too_large", _l("Dữ liệu gửi lên vượt quá dung lượng cho phép.")),
    415: ("unsupported_media_type", _l("Dữ liệu phải gửi dạng application/json.")),
    422: ("validation_error", _l("Dữ liệu không hợp lệ.")),
}


class ApiError(Exception):
    """Raised anywhere in an API view; becomes the JSON answer."""

    def __init__(self, status: int, code: str | None = None, message: str | None = None,
                 fields: dict | None = None, extra: dict | None = None):
        default_code, default_message = CODES.get(status, CODES[400])
        super().__init__(message or str(default_message))
        self.status = status
        self.code = code or default_code
        self.message = message or str(default_message)
        self.fields = fields
        self.extra = extra or {}


def invalid(fields: dict, message: str | None = None) -> ApiError:
    """A 422 naming the wrong inputs: ``{"per_page": "Phải là số nguyên."}``."""
    return ApiError(422, "validation_error", message or _("Dữ liệu không hợp lệ."), fields)


def error_response(status: int, code: str, message: str, fields: dict | None = None, headers=None,
                   extra: dict | None = None):
    body = {"error": code, "message": message, **(extra or {})}
    if fields:
        body["fields"] = fields
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def handle_api_error(exc: ApiError):
    return error_response(exc.status, exc.code, exc.message, exc.fields, extra=exc.extra)


def handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    code, message = CODES.get(status, (f"http_{status}", exc.description or ""))
    headers = {}
    if status == 405 and getattr(exc, "valid_methods", None):
        headers["Allow"] = ", ".join(exc.valid_methods)
    return error_response(status, code, str(message), headers=headers)


def handle_server_error(exc):
    """A failed statement leaves the transaction aborted; the answer must not need the database."""
    from platform_core.extensions import db

    db.session.rollback()
    return error_response(500, "server_error", _("Đã xảy ra lỗi hệ thống; vui lòng thử lại sau."))


def register(blueprint):
    """By status code as well as by class: Flask prefers the application's per-code handlers (HTML pages)
    over a blueprint's per-class one."""
    blueprint.register_error_handler(ApiError, handle_api_error)
    for status in CODES:
        blueprint.register_error_handler(status, handle_http_exception)
    blueprint.register_error_handler(HTTPException, handle_http_exception)
    blueprint.register_error_handler(500, handle_server_error)
