"""The fields of the periodic IT-application report, in one place so they are easy to change.

QĐ 1676/QĐ-BTNMT Điều 11 names the seven content blocks of TT 06/2013/TT-BTTTT Phụ lục I, which this
module keeps as its sections. The official indicators of that annex were not available
(``shared/specs/regulation-forms.md`` §1.3); every field below is this plugin's design, listed in the
README under "cần đối chiếu TT 06/2013". Field names are stored in submissions: rename one only with a
data migration.

Counts are summed when the ministry consolidates its units' reports; rates and the number of security
measures are averaged; texts are written by the consolidating unit itself.
"""
from platform_core import FieldSpec

#: How many security measures the ``security_measures`` field counts (its label lists them).
SECURITY_MEASURES_MAX = 5


def _number(name, label, unit, required=False, aggregate="sum"):
    return FieldSpec(name, label, "int", unit, required=required, aggregate=aggregate)


def _text(name, label):
    return FieldSpec(name, label, "text", aggregate="none")


#: (number, heading, fields). Number 0 is the report's scope (Đ10.2.a), not one of the seven blocks.
BLOCKS = (
    ("", "Phạm vi báo cáo", (
        _text("covered_units", "Các đơn vị được tổng hợp trong báo cáo (Văn phòng Bộ ghi các đơn vị hành chính "
                               "mình báo cáo thay theo Điều 10.2.a; đơn vị khác để trống)"),
    )),
    ("I", "Hạ tầng kỹ thuật công nghệ thông tin", (
        _number("staff_total", "Tổng số cán bộ, công chức, viên chức của đơn vị", "người", required=True),
        _number("computers", "Số máy tính (để bàn, xách tay) trang bị cho cán bộ", "chiếc", required=True),
        _number("computers_internet", "Số máy tính kết nối Internet băng rộng", "chiếc"),
        _number("servers", "Số máy chủ đang vận hành", "máy"),
        FieldSpec("bandwidth", "Tổng băng thông kết nối Internet", "decimal", "Mbps"),
        _text("infrastructure_note", "Đánh giá hạ tầng kỹ thuật (mạng nội bộ, mạng diện rộng, trung tâm dữ liệu)"),
    )),
    ("II", "Ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước", (
        _number("staff_with_email", "Số cán bộ được cấp và sử dụng thư điện tử công vụ", "người", required=True),
        FieldSpec("edocs_rate", "Tỷ lệ văn bản đi được gửi dưới dạng điện tử", "decimal", "%", aggregate="mean"),
        _number("dms_in_use", "Số hệ thống quản lý văn bản và điều hành đang sử dụng", "hệ thống"),
        _number("databases", "Số cơ sở dữ liệu chuyên ngành đang vận hành", "CSDL"),
        _text("operations_note", "Các ứng dụng nổi bật trong hoạt động của đơn vị"),
    )),
    ("III", "Cung cấp thông tin trên trang thông tin điện tử hoặc cổng thông tin điện tử", (
        _number("portal_articles", "Số tin, bài được đăng trong kỳ", "tin, bài"),
        _number("portal_visits", "Số lượt truy cập trong kỳ", "lượt"),
        _text("portal_note", "Thông tin cung cấp trên trang/cổng thông tin điện tử"),
    )),
    ("IV", "Cung cấp dịch vụ công trực tuyến", (
        _number("services_total", "Tổng số thủ tục hành chính thuộc thẩm quyền giải quyết", "thủ tục", required=True),
        _number("services_level_1_2", "Số dịch vụ công trực tuyến mức độ 1, 2", "dịch vụ"),
        _number("services_level_3", "Số dịch vụ công trực tuyến mức độ 3", "dịch vụ"),
        _number("services_level_4", "Số dịch vụ công trực tuyến mức độ 4", "dịch vụ"),
        _number("online_applications", "Số hồ sơ được tiếp nhận trực tuyến (mức độ 3, 4) trong kỳ", "hồ sơ"),
        _text("services_note", "Tình hình cung cấp dịch vụ công trực tuyến"),
    )),
    ("V", "Công tác bảo đảm an toàn, an ninh thông tin", (
        _number("security_measures",
                "Số biện pháp bảo đảm an toàn thông tin đã triển khai (trong 5 biện pháp: tường lửa; phòng, chống "
                "mã độc; sao lưu dữ liệu; quản lý, phân quyền truy cập; phương án ứng cứu sự cố)",
                "biện pháp", required=True, aggregate="mean"),
        _number("security_incidents", "Số sự cố mất an toàn thông tin trong kỳ", "sự cố"),
        _text("security_note", "Công tác bảo đảm an toàn, an ninh thông tin"),
    )),
    ("VI", "Cơ chế, chính sách và các quy định cho ứng dụng công nghệ thông tin", (
        _number("policies_issued", "Số văn bản về ứng dụng công nghệ thông tin được ban hành trong kỳ", "văn bản"),
        _text("policies_note", "Cơ chế, chính sách, quy định đã ban hành"),
    )),
    ("VII", "Nhân lực và đầu tư cho ứng dụng công nghệ thông tin", (
        _number("it_staff", "Số cán bộ chuyên trách công nghệ thông tin", "người"),
        _number("it_staff_trained", "Số lượt cán bộ được đào tạo, bồi dưỡng về công nghệ thông tin trong kỳ", "lượt"),
        FieldSpec("it_budget", "Kinh phí chi cho ứng dụng công nghệ thông tin trong kỳ", "decimal", "triệu đồng"),
        _text("investment_note", "Đánh giá chung, khó khăn, vướng mắc và đề xuất"),
    )),
)

FIELDS = tuple(spec for _number_, _heading, specs in BLOCKS for spec in specs)

AD_HOC_FIELDS = (
    FieldSpec("content", "Nội dung báo cáo", "text", required=True, aggregate="none"),
    FieldSpec("figure", "Số liệu chính (nếu yêu cầu có)", "decimal"),
    FieldSpec("figure_unit", "Đơn vị tính của số liệu", "text", aggregate="none"),
    FieldSpec("budget", "Kinh phí liên quan (nếu có)", "decimal", "triệu đồng"),
)
