"""The OpenAPI 3.0.3 description of ``/api/v1``, written by hand next to the views (``v1.py``).

A test compares its paths and methods with the application's routes, so an endpoint added without its
description (or the reverse) fails the suite."""
from platform_core.api.params import DEFAULT_PER_PAGE, MAX_ID, MAX_PAGE, MAX_PER_PAGE
from platform_core.obligations.models import STATUSES as OBLIGATION_STATUSES
from platform_core.workflow.models import STATES as SUBMISSION_STATES

JSON = "application/json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


def _nullable(schema: dict) -> dict:
    return {**schema, "nullable": True}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path_id(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


TEXT = {"type": "string", "maxLength": 200}
INSTANT = {"type": "string", "format": "date-time"}
DAY = {"type": "string", "format": "date"}

PAGING = [
    _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "Trang (từ 1)."),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_ID, "default": DEFAULT_PER_PAGE},
           f"Số mục mỗi trang; lớn hơn {MAX_PER_PAGE} được tính là {MAX_PER_PAGE}."),
]

COMMON_ERRORS = {
    "401": _error("Thiếu khoá API, khoá sai, đã thu hồi hoặc hết hạn."),
}

SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "description": "Mã lỗi: unauthorized, forbidden, not_found, "
                                                         "invalid_json, validation_error, stale_data, "
                                                         "read_only, workflow_error, …"},
            "message": {"type": "string", "description": "Thông báo bằng tiếng Việt."},
            "fields": {"type": "object", "additionalProperties": {"type": "string"},
                       "description": "Với lỗi 422: tham số hoặc trường sai và lý do."},
        },
    },
    "Unit": {
        "type": "object",
        "required": ["id", "code", "name"],
        "properties": {"id": {"type": "integer"}, "code": {"type": "string"}, "name": {"type": "string"}},
    },
    "Field": {
        "type": "object",
        "required": ["name", "label", "kind", "unit", "required", "aggregate"],
        "properties": {
            "name": {"type": "string"},
            "label": {"type": "string"},
            "kind": {"type": "string", "enum": ["int", "decimal", "text", "date"]},
            "unit": {"type": "string", "description": "Đơn vị tính."},
            "required": {"type": "boolean"},
            "aggregate": {"type": "string", "description": "Cách tổng hợp từ đơn vị cấp dưới: sum, mean, count, none."},
        },
    },
    "ReportType": {
        "type": "object",
        "required": ["key", "title", "plugin", "description", "requires_signature", "fields"],
        "properties": {
            "key": {"type": "string"},
            "title": {"type": "string"},
            "plugin": {"type": "string"},
            "description": {"type": "string"},
            "requires_signature": {"type": "boolean"},
            "fields": {"type": "array", "items": _ref("Field")},
        },
    },
    "ReportTypeList": {
        "type": "object",
        "required": ["items"],
        "properties": {"items": {"type": "array", "items": _ref("ReportType")}},
    },
    "Obligation": {
        "type": "object",
        "required": ["id", "plugin", "rule_key", "title", "subject_ref", "unit", "period_key", "period_start",
                     "period_end", "due_at", "status", "submitted_at", "timeliness", "submission_id"],
        "properties": {
            "id": {"type": "integer"},
            "plugin": {"type": "string"},
            "rule_key": {"type": "string"},
            "title": {"type": "string"},
            "subject_ref": {"type": "string"},
            "unit": _ref("Unit"),
            "period_key": {"type": "string"},
            "period_start": _nullable(DAY),
            "period_end": _nullable(DAY),
            "due_at": {**INSTANT, "description": "Hết ngày đến hạn theo giờ Việt Nam, ghi theo UTC."},
            "status": {"type": "string", "enum": list(OBLIGATION_STATUSES)},
            "submitted_at": _nullable(INSTANT),
            "timeliness": {"type": "string", "enum": ["on_time", "late"], "nullable": True},
            "submission_id": {"type": "integer", "nullable": True},
        },
    },
    "Submission": {
        "type": "object",
        "required": ["id", "report_type", "plugin", "title", "unit", "obligation_id", "period_key", "status",
                     "version", "data"],
        "properties": {
            "id": {"type": "integer"},
            "report_type": {"type": "string"},
            "plugin": {"type": "string"},
            "title": {"type": "string"},
            "unit": _ref("Unit"),
            "obligation_id": {"type": "integer", "nullable": True},
            "period_key": {"type": "string", "nullable": True},
            "status": {"type": "string", "enum": list(SUBMISSION_STATES)},
            "version": {"type": "integer", "description": "Gửi lại trong expected_version khi sửa dữ liệu."},
            "data": _ref("Data"),
            "document_number": {"type": "string", "nullable": True},
            "return_reason": {"type": "string", "nullable": True},
            "is_consolidated": {"type": "boolean"},
            "created_at": _nullable(INSTANT),
            "updated_at": _nullable(INSTANT),
            "submitted_at": _nullable(INSTANT),
            "approved_at": _nullable(INSTANT),
            "signed_at": _nullable(INSTANT),
            "sent_at": _nullable(INSTANT),
        },
    },
    "Data": {
        "type": "object",
        "description": "Giá trị theo tên trường của loại báo cáo: int là số nguyên; decimal là số hoặc chuỗi "
                       "dạng \"1234.50\"; text là chuỗi; date là chuỗi YYYY-MM-DD; null để trống.",
        "additionalProperties": {"nullable": True,
                                 "oneOf": [{"type": "string"}, {"type": "number"}]},
    },
    "NewSubmission": {
        "type": "object",
        "additionalProperties": False,
        "description": "Một nghĩa vụ (obligation_id), hoặc loại báo cáo với mã đơn vị (và kỳ).",
        "properties": {
            "obligation_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            "report_type": {"type": "string", "maxLength": 120},
            "unit": {"type": "string", "maxLength": 40, "description": "Mã đơn vị."},
            "period": {"type": "string", "maxLength": 40, "description": "Kỳ báo cáo, ví dụ 2026-06, 2026-Q2."},
            "title": {"type": "string", "maxLength": 255},
            "data": _ref("Data"),
        },
    },
    "DataUpdate": {
        "type": "object",
        "additionalProperties": False,
        "required": ["expected_version", "data"],
        "properties": {
            "expected_version": {"type": "integer", "minimum": 1, "maximum": MAX_ID,
                                 "description": "Trường version của báo cáo khi bạn đọc nó."},
            "data": _ref("Data"),
        },
    },
}


def _page_schema(item: str) -> dict:
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total", "next"],
        "properties": {
            "items": {"type": "array", "items": _ref(item)},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
            "next": {"type": "string", "nullable": True, "description": "Địa chỉ trang sau; null ở trang cuối."},
        },
    }


SCHEMAS["ObligationPage"] = _page_schema("Obligation")
SCHEMAS["SubmissionPage"] = _page_schema("Submission")

SUBMISSION_ID = _path_id("submission_id", "Mã báo cáo.")


def _paths() -> dict:
    return {
        "/api/v1/report-types": {
            "get": {
                "operationId": "listReportTypes",
                "summary": "Các loại báo cáo, với trường dữ liệu",
                "responses": {"200": _json(_ref("ReportTypeList"), "Các loại báo cáo của plugin đang bật."),
                              **COMMON_ERRORS},
            },
        },
        "/api/v1/obligations": {
            "get": {
                "operationId": "listObligations",
                "summary": "Nghĩa vụ báo cáo trong phạm vi quyền của người dùng",
                "parameters": [
                    _query("unit", TEXT, "Mã đơn vị."),
                    _query("status", {"type": "string", "enum": list(OBLIGATION_STATUSES)}, "Trạng thái."),
                    _query("plugin", TEXT, "Khoá plugin (chế độ báo cáo)."),
                    _query("period", TEXT, "Kỳ báo cáo (khớp phần đầu, ví dụ 2026 hoặc 2026-06)."),
                    _query("due_from", DAY, "Hạn nộp từ ngày (YYYY-MM-DD)."),
                    _query("due_to", DAY, "Hạn nộp đến ngày (YYYY-MM-DD)."),
                    *PAGING,
                ],
                "responses": {"200": _json(_ref("ObligationPage"), "Một trang nghĩa vụ, theo hạn nộp."),
                              "422": _error("Tham số không hợp lệ."), **COMMON_ERRORS},
            },
        },
        "/api/v1/obligations/{obligation_id}": {
            "get": {
                "operationId": "getObligation",
                "summary": "Một nghĩa vụ báo cáo",
                "parameters": [_path_id("obligation_id", "Mã nghĩa vụ.")],
                "responses": {"200": _json(_ref("Obligation"), "Nghĩa vụ."),
                              "404": _error("Không có, hoặc ngoài phạm vi quyền."), **COMMON_ERRORS},
            },
        },
        "/api/v1/submissions": {
            "get": {
                "operationId": "listSubmissions",
                "summary": "Báo cáo (kèm dữ liệu) trong phạm vi quyền của người dùng",
                "parameters": [
                    _query("unit", TEXT, "Mã đơn vị."),
                    _query("status", {"type": "string", "enum": list(SUBMISSION_STATES)}, "Trạng thái."),
                    _query("report_type", TEXT, "Khoá loại báo cáo."),
                    _query("period", TEXT, "Kỳ báo cáo (khớp phần đầu)."),
                    _query("obligation_id", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, "Mã nghĩa vụ."),
                    *PAGING,
                ],
                "responses": {"200": _json(_ref("SubmissionPage"), "Một trang báo cáo."),
                              "422": _error("Tham số không hợp lệ."), **COMMON_ERRORS},
            },
            "post": {
                "operationId": "createSubmission",
                "summary": "Tạo bản nháp báo cáo (có thể kèm dữ liệu)",
                "requestBody": {"required": True, "content": {JSON: {"schema": _ref("NewSubmission")}}},
                "responses": {
                    "201": {**_json(_ref("Submission"), "Bản nháp đã tạo."),
                            "headers": {"Location": {"description": "Địa chỉ của báo cáo.",
                                                     "schema": {"type": "string"}}}},
                    "400": _error("Nội dung không phải JSON."),
                    "403": _error("Không có quyền nhập báo cáo này tại đơn vị."),
                    "409": _error("Xung đột, ví dụ nghĩa vụ đã có báo cáo."),
                    "422": _error("Dữ liệu không hợp lệ, hoặc quy trình không cho phép."),
                    **COMMON_ERRORS,
                },
            },
        },
        "/api/v1/submissions/{submission_id}": {
            "get": {
                "operationId": "getSubmission",
                "summary": "Một báo cáo, kèm dữ liệu",
                "parameters": [SUBMISSION_ID],
                "responses": {"200": _json(_ref("Submission"), "Báo cáo."),
                              "404": _error("Không có, hoặc ngoài phạm vi quyền."), **COMMON_ERRORS},
            },
        },
        "/api/v1/submissions/{submission_id}/data": {
            "put": {
                "operationId": "saveSubmissionData",
                "summary": "Thay dữ liệu của báo cáo (khoá lạc quan theo version)",
                "parameters": [SUBMISSION_ID],
                "requestBody": {"required": True, "content": {JSON: {"schema": _ref("DataUpdate")}}},
                "responses": {
                    "200": _json(_ref("Submission"), "Báo cáo sau khi lưu (version mới)."),
                    "400": _error("Nội dung không phải JSON."),
                    "403": _error("Không có quyền sửa báo cáo này."),
                    "404": _error("Không có, hoặc ngoài phạm vi quyền."),
                    "409": _error("Người khác đã lưu trước (stale_data), hoặc báo cáo đã phê duyệt (read_only)."),
                    "422": _error("Dữ liệu không hợp lệ, hoặc quy trình không cho phép."),
                    **COMMON_ERRORS,
                },
            },
        },
        "/api/v1/submissions/{submission_id}/submit": {
            "post": {
                "operationId": "submitSubmission",
                "summary": "Nộp báo cáo",
                "parameters": [SUBMISSION_ID],
                "responses": {
                    "200": _json(_ref("Submission"), "Báo cáo đã nộp."),
                    "403": _error("Không có quyền nộp báo cáo này."),
                    "404": _error("Không có, hoặc ngoài phạm vi quyền."),
                    "409": _error("Xung đột trạng thái."),
                    "422": _error("Quy trình không cho phép (ví dụ thiếu trường bắt buộc)."),
                    **COMMON_ERRORS,
                },
            },
        },
    }


def document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "API Hệ thống thông tin báo cáo",
            "version": "1.0.0",
            "description": "Trao đổi dữ liệu báo cáo với hệ thống khác (CORE-19). Xác thực bằng khoá API cá nhân "
                           "(tạo tại /api/tokens): tiêu đề Authorization: Bearer <khoá>. Lỗi luôn là JSON "
                           "{\"error\": mã, \"message\": thông báo}.",
        },
        "paths": _paths(),
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "Khoá API cá nhân, dạng pct_…"}},
        },
        "security": [{"bearerAuth": []}],
    }
