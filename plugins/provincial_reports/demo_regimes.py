"""What the demo configures, as data: the shared library (disaggregations and indicators with their
statistical definitions), three regimes of QĐ 09/2024/QĐ-UBND Nghệ An, and the figures the demo's units
report. ``demo.py`` feeds these to the services an administrator's pages use.

- ``KTXH-THANG`` (RPT-09, Đ14): monthly socio-economic figures, due the 18th; Sở Kế hoạch và Đầu tư leads
  and consolidates Finance, Industry and Trade, Tax, Statistics, the State Treasury and the Economic Zone
  authority, each of which fills the indicators it owns.
- ``LDXH-QUY``: quarterly labour, employment and social protection, ND 09 window, 22 indicators by sex;
  communes report, districts consolidate them by the unit tree.
- ``TH-MUALU``: an ad-hoc quick report of flood damage asked of two districts.
"""
from datetime import date

SEX = "sex"
DIMENSIONS = [
    {"code": SEX, "name": "Giới tính", "categories": [{"key": "nam", "label": "Nam"}, {"key": "nu", "label": "Nữ"}]},
    {"code": "area", "name": "Thành thị, nông thôn",
     "categories": [{"key": "thanh_thi", "label": "Thành thị"}, {"key": "nong_thon", "label": "Nông thôn"}]},
]


def _ind(code, name, unit, concept, method, data_type="integer", aggregate="sum", low=None, high=None):
    return {"code": code, "name": name, "unit_of_measure": unit, "concept": concept, "method": method,
            "data_type": data_type, "aggregate": aggregate, "plausible_min": low, "plausible_max": high}


_LABOUR_SOURCE = "Theo sổ theo dõi cung - cầu lao động của xã, cập nhật đến ngày chốt số liệu của kỳ."
_PROTECTION_SOURCE = "Số người tại thời điểm chốt số liệu, theo danh sách chi trả của xã đã đối chiếu với cơ quan " \
                     "bảo hiểm xã hội, Phòng Lao động - Thương binh và Xã hội."

INDICATORS = [
    # Monthly socio-economic figures (Đ14)
    _ind("KT01", "Thu ngân sách nhà nước trên địa bàn", "triệu đồng",
         "Toàn bộ các khoản thu ngân sách nhà nước phát sinh trên địa bàn tỉnh trong kỳ: thu nội địa, thu từ hoạt "
         "động xuất nhập khẩu và các khoản thu khác theo Luật Ngân sách nhà nước.",
         "Cộng số thu đã nộp vào Kho bạc Nhà nước trong tháng theo số liệu quản lý thu của cơ quan thuế, hải quan.",
         "decimal", low="500000", high="5000000"),
    _ind("KT02", "Chi ngân sách địa phương", "triệu đồng",
         "Các khoản chi của ngân sách tỉnh, huyện, xã trong kỳ: chi đầu tư phát triển, chi thường xuyên và các khoản "
         "chi khác.",
         "Số chi đã thực hiện trong tháng theo báo cáo điều hành ngân sách, không gồm chi chuyển nguồn.",
         "decimal", low="500000", high="8000000"),
    _ind("KT03", "Chỉ số sản xuất công nghiệp (IIP) so với cùng kỳ năm trước", "%",
         "Chỉ tiêu tương đối phản ánh tốc độ phát triển khối lượng sản xuất công nghiệp của tháng báo cáo so với cùng "
         "tháng năm trước (cùng kỳ = 100).",
         "Bình quân gia quyền các chỉ số sản phẩm công nghiệp đại diện, quyền số là giá trị tăng thêm của năm gốc; do "
         "Cục Thống kê tính. Khi tổng hợp lấy giá trị của Cục Thống kê (giá trị lớn nhất), không cộng.",
         "decimal", "max", "70", "150"),
    _ind("KT04", "Tổng mức bán lẻ hàng hoá và doanh thu dịch vụ tiêu dùng", "tỷ đồng",
         "Toàn bộ doanh thu bán lẻ hàng hoá và dịch vụ tiêu dùng của các cơ sở kinh doanh bán trực tiếp cho người "
         "tiêu dùng trên địa bàn trong kỳ.",
         "Ước tính từ điều tra mẫu các cơ sở thương mại, dịch vụ hằng tháng. Cục Thống kê và Sở Công Thương báo cáo "
         "cùng một số liệu; khi tổng hợp lấy giá trị lớn nhất để không cộng trùng.",
         "decimal", "max", "3000", "20000"),
    _ind("KT05", "Kim ngạch xuất khẩu hàng hoá", "triệu USD",
         "Giá trị hàng hoá xuất khẩu của các doanh nghiệp có trụ sở trên địa bàn tỉnh trong kỳ, tính theo giá FOB.",
         "Cộng giá trị các tờ khai xuất khẩu đã thông quan trong tháng.", "decimal", low="50", high="600"),
    _ind("KT06", "Vốn đầu tư thực hiện từ nguồn ngân sách nhà nước", "tỷ đồng",
         "Số vốn ngân sách nhà nước do địa phương quản lý đã giải ngân cho các dự án đầu tư công trong kỳ.",
         "Số giải ngân qua Kho bạc Nhà nước trong tháng, gồm vốn ngân sách tỉnh, huyện, xã và vốn ngân sách trung "
         "ương bổ sung có mục tiêu.", "decimal", low="100", high="3000"),
    _ind("KT07", "Số dự án được cấp mới, chấp thuận chủ trương đầu tư", "dự án",
         "Số dự án được cấp Giấy chứng nhận đăng ký đầu tư hoặc quyết định chấp thuận chủ trương đầu tư lần đầu "
         "trong kỳ.", "Đếm các giấy chứng nhận, quyết định cấp trong tháng; không tính các lần điều chỉnh.",
         high="60"),
    _ind("KT08", "Tổng vốn đăng ký của các dự án được cấp mới", "tỷ đồng",
         "Tổng vốn đầu tư ghi trong giấy chứng nhận hoặc quyết định chấp thuận chủ trương của các dự án ở chỉ tiêu "
         "KT07.", "Cộng vốn đăng ký; vốn bằng ngoại tệ quy đổi theo tỷ giá ngày cấp.", "decimal", high="50000"),
    _ind("KT09", "Số doanh nghiệp thành lập mới", "doanh nghiệp",
         "Số doanh nghiệp được cấp Giấy chứng nhận đăng ký doanh nghiệp lần đầu trong kỳ.",
         "Đếm theo Hệ thống thông tin quốc gia về đăng ký doanh nghiệp, theo ngày cấp trong tháng.", high="600"),
    _ind("KT10", "Chỉ số giá tiêu dùng (CPI) so với cùng kỳ năm trước", "%",
         "Chỉ tiêu tương đối phản ánh xu hướng và mức độ biến động giá của rổ hàng hoá, dịch vụ tiêu dùng của tháng "
         "báo cáo so với cùng tháng năm trước (cùng kỳ = 100).",
         "Công thức Laspeyres với quyền số cố định của năm gốc; do Cục Thống kê tính. Khi tổng hợp lấy giá trị của "
         "Cục Thống kê (giá trị lớn nhất), không cộng.", "decimal", "max", "90", "120"),
    # Labour and employment (by sex)
    _ind("LD01", "Lực lượng lao động từ 15 tuổi trở lên", "người",
         "Người từ đủ 15 tuổi trở lên có việc làm hoặc thất nghiệp trong thời gian tham chiếu.",
         "Bằng số lao động có việc làm (LD02) cộng số người thất nghiệp (LD03); biểu tự tính."),
    _ind("LD02", "Số lao động có việc làm", "người",
         "Người từ đủ 15 tuổi trở lên, trong thời gian tham chiếu có làm bất cứ việc gì từ 1 giờ trở lên để tạo ra "
         "hàng hoá hoặc cung cấp dịch vụ nhằm tạo thu nhập.", _LABOUR_SOURCE),
    _ind("LD03", "Số người thất nghiệp", "người",
         "Người từ đủ 15 tuổi trở lên không làm việc, đang tìm việc làm và sẵn sàng làm việc trong thời gian tham "
         "chiếu.", _LABOUR_SOURCE),
    _ind("LD04", "Tỷ lệ thất nghiệp", "%", "Tỷ lệ phần trăm số người thất nghiệp so với lực lượng lao động.",
         "LD04 = LD03 / LD01 × 100, tính riêng cho nam, nữ và tổng số; biểu tự tính.", "percent", "mean",
         high="15"),
    _ind("LD05", "Số lao động được tạo việc làm mới", "người",
         "Người có việc làm mới, hoặc chuyển sang việc làm có thu nhập cao hơn, trong kỳ.",
         "Cộng số người có việc làm mới trong kỳ (trong nước, đi làm việc ở nước ngoài, từ vốn vay), không cộng dồn "
         "kỳ trước."),
    _ind("LD06", "Số người đi làm việc ở nước ngoài theo hợp đồng", "người",
         "Người lao động xuất cảnh đi làm việc ở nước ngoài theo hợp đồng trong kỳ.",
         "Theo danh sách xuất cảnh của các doanh nghiệp dịch vụ đưa người lao động đi làm việc ở nước ngoài."),
    _ind("LD07", "Số lượt người được tư vấn, giới thiệu việc làm", "lượt người",
         "Số lượt người được tư vấn về việc làm, học nghề hoặc được giới thiệu đến nơi tuyển dụng trong kỳ.",
         "Theo sổ theo dõi của xã và số liệu Trung tâm Dịch vụ việc làm gửi về."),
    _ind("LD08", "Số người nộp hồ sơ hưởng trợ cấp thất nghiệp", "người",
         "Người lao động nộp hồ sơ đề nghị hưởng trợ cấp thất nghiệp trong kỳ.",
         "Theo danh sách của Trung tâm Dịch vụ việc làm, lọc theo nơi cư trú."),
    _ind("LD09", "Số người có quyết định hưởng trợ cấp thất nghiệp", "người",
         "Người lao động có quyết định hưởng trợ cấp thất nghiệp được ban hành trong kỳ.",
         "Theo quyết định của Sở Lao động - Thương binh và Xã hội, lọc theo nơi cư trú."),
    _ind("LD10", "Số người được tuyển sinh đào tạo nghề nghiệp", "người",
         "Người được tuyển sinh vào các khoá đào tạo trình độ sơ cấp, trung cấp, cao đẳng và đào tạo dưới 3 tháng "
         "trong kỳ.", "Theo báo cáo tuyển sinh của các cơ sở giáo dục nghề nghiệp, lọc theo nơi cư trú."),
    _ind("LD11", "Số người tốt nghiệp đào tạo nghề nghiệp", "người",
         "Người hoàn thành khoá đào tạo nghề nghiệp và được cấp bằng, chứng chỉ trong kỳ.",
         "Theo báo cáo tốt nghiệp của các cơ sở giáo dục nghề nghiệp."),
    _ind("LD12", "Số lao động được tạo việc làm từ vốn vay", "người",
         "Lao động được tạo việc làm từ các khoản vay của Quỹ quốc gia về việc làm trong kỳ.",
         "Theo danh sách giải ngân của Ngân hàng Chính sách xã hội."),
    _ind("LD13", "Số người bị tai nạn lao động", "người",
         "Người lao động bị tổn thương một bộ phận hoặc chức năng cơ thể, hoặc tử vong, do tai nạn xảy ra trong "
         "quá trình lao động trong kỳ.", "Theo biên bản điều tra tai nạn lao động."),
    # Social protection (by sex)
    _ind("AS01", "Số người tham gia bảo hiểm xã hội bắt buộc", "người",
         "Người lao động thuộc diện và đang đóng bảo hiểm xã hội bắt buộc.", _PROTECTION_SOURCE),
    _ind("AS02", "Số người tham gia bảo hiểm xã hội tự nguyện", "người",
         "Công dân từ đủ 15 tuổi trở lên không thuộc diện bắt buộc, đang đóng bảo hiểm xã hội tự nguyện.",
         _PROTECTION_SOURCE),
    _ind("AS03", "Số người tham gia bảo hiểm thất nghiệp", "người",
         "Người lao động đang đóng bảo hiểm thất nghiệp.", _PROTECTION_SOURCE),
    _ind("AS04", "Số người có thẻ bảo hiểm y tế", "người",
         "Người có thẻ bảo hiểm y tế còn giá trị sử dụng tại thời điểm chốt số liệu.", _PROTECTION_SOURCE),
    _ind("AS05", "Số người cao tuổi hưởng trợ cấp xã hội hằng tháng", "người",
         "Người cao tuổi thuộc diện hưởng trợ cấp xã hội hằng tháng theo Nghị định 20/2021/NĐ-CP.",
         _PROTECTION_SOURCE),
    _ind("AS06", "Số người khuyết tật hưởng trợ cấp xã hội hằng tháng", "người",
         "Người khuyết tật nặng và đặc biệt nặng hưởng trợ cấp xã hội hằng tháng.", _PROTECTION_SOURCE),
    _ind("AS07", "Số trẻ em có hoàn cảnh đặc biệt được trợ giúp", "trẻ em",
         "Trẻ em có hoàn cảnh đặc biệt được hưởng trợ cấp, hỗ trợ trong kỳ.", _PROTECTION_SOURCE),
    _ind("AS08", "Số người có công đang hưởng trợ cấp ưu đãi hằng tháng", "người",
         "Người có công với cách mạng và thân nhân đang hưởng trợ cấp ưu đãi hằng tháng.", _PROTECTION_SOURCE),
    _ind("AS09", "Số người được trợ giúp xã hội đột xuất", "người",
         "Người được hỗ trợ lương thực, tiền mặt hoặc nhà ở do thiên tai, hoả hoạn, thiếu đói trong kỳ.",
         "Theo quyết định hỗ trợ của Ủy ban nhân dân cấp xã, cấp huyện."),
    # Flood damage (ad hoc)
    _ind("TH01", "Số người chết", "người", "Người chết do mưa lũ, sạt lở đất trong đợt thiên tai.",
         "Theo danh sách đã xác minh của Ban Chỉ huy phòng, chống thiên tai cấp xã."),
    _ind("TH02", "Số người mất tích", "người", "Người mất tích do mưa lũ chưa tìm thấy tại thời điểm báo cáo.",
         "Theo danh sách đã xác minh của Ban Chỉ huy phòng, chống thiên tai cấp xã."),
    _ind("TH03", "Số người bị thương", "người", "Người bị thương phải điều trị do mưa lũ, sạt lở đất.",
         "Theo danh sách của trạm y tế, bệnh viện trên địa bàn."),
    _ind("TH04", "Số nhà bị sập, đổ hoàn toàn", "nhà", "Nhà ở bị sập, đổ, cuốn trôi hoặc hư hỏng trên 70%.",
         "Đếm theo biên bản kiểm tra hiện trường."),
    _ind("TH05", "Số nhà bị hư hỏng, ngập nước", "nhà", "Nhà ở bị hư hỏng một phần hoặc bị ngập nước.",
         "Đếm theo biên bản kiểm tra hiện trường."),
    _ind("TH06", "Diện tích lúa bị ngập, hư hại", "ha", "Diện tích lúa bị ngập úng, đổ, vùi lấp.",
         "Theo số liệu thống kê của cấp xã, làm tròn đến 0,1 ha.", "decimal"),
    _ind("TH07", "Diện tích hoa màu bị ngập, hư hại", "ha", "Diện tích rau màu, cây hằng năm khác bị ngập, hư hại.",
         "Theo số liệu thống kê của cấp xã, làm tròn đến 0,1 ha.", "decimal"),
    _ind("TH08", "Ước tổng giá trị thiệt hại", "triệu đồng",
         "Ước giá trị thiệt hại về nhà ở, nông nghiệp, hạ tầng do đợt mưa lũ gây ra.",
         "Ước tính theo đơn giá hướng dẫn thống kê, đánh giá thiệt hại do thiên tai.", "decimal"),
]


def _rows(*codes, required=()):
    return [{"indicator": code, "required": code in required} for code in codes]


def _by_sex(*pairs):
    return [f"{target}.{column} = {expression.format(c=column)}" for target, expression in pairs
            for column in ("nam", "nu", "total")]


MONTHLY, QUARTERLY, FLOODS = "KTXH-THANG", "LDXH-QUY", "TH-MUALU"
LEGAL_NUMBER, LEGAL_DATE = "09/2024/QĐ-UBND", date(2024, 5, 16)
DEADLINE_MONTHLY, DEADLINE_QUARTERLY = 18, 20
FLOOD_DAYS = 5  # the ad-hoc report is due this many days after the demo is seeded

# Each regime: the metadata the builder's form takes, the unit codes it names (receiving_unit, lead_unit) and
# assignments (unit codes and subtree roots), and the definition of its first version.
REGIMES = [
    {
        "code": MONTHLY,
        "name": "Báo cáo tình hình kinh tế - xã hội hằng tháng",
        "kind": "periodic",
        "content": "Thông tin kinh tế - xã hội hằng tháng của tỉnh phục vụ chỉ đạo, điều hành của Ủy ban nhân dân "
                   "tỉnh, Chủ tịch Ủy ban nhân dân tỉnh (Điều 14 Quy chế ban hành kèm theo Quyết định số "
                   "09/2024/QĐ-UBND).",
        "sending_method": "Gửi trên Hệ thống thông tin báo cáo tỉnh; báo cáo tổng hợp được ký số.",
        "instructions": "Các sở, ngành nhập số liệu các chỉ tiêu thuộc lĩnh vực mình quản lý (để trống các chỉ "
                        "tiêu khác) và trình lãnh đạo phê duyệt. Sở Kế hoạch và Đầu tư kiểm tra, đối soát, tổng "
                        "hợp, bổ sung số doanh nghiệp thành lập mới và phần đánh giá, ký số và gửi Văn phòng Ủy ban "
                        "nhân dân tỉnh trước ngày 18 hằng tháng.",
        "frequency": "calendar_month", "due_day": DEADLINE_MONTHLY, "requires_signature": True, "consolidates": True,
        "receiving_unit": "40-VP", "lead_unit": "40-SKHDT",
        "unit_ids": ["40-SKHDT", "40-STC", "40-SCT", "40-CT", "40-CTK", "40-KBNN", "40-BQLKKT"], "subtree_ids": [],
        "definition": {
            "outline": [
                {"key": "s1", "title": "Tình hình nổi bật trong tháng", "required": True,
                 "guidance": "Các kết quả nổi bật của ngành, lĩnh vực; so sánh với tháng trước và cùng kỳ."},
                {"key": "s2", "title": "Khó khăn, vướng mắc", "required": False,
                 "guidance": "Khó khăn, vướng mắc và nguyên nhân; kiến nghị tháo gỡ."},
                {"key": "s3", "title": "Nhiệm vụ, giải pháp tháng tới", "required": False, "guidance": ""},
            ],
            "tables": [{"key": "b1", "title": "Biểu 01. Các chỉ tiêu kinh tế - xã hội chủ yếu", "dimension": None,
                        "rows": _rows("KT01", "KT02", "KT03", "KT04", "KT05", "KT06", "KT07", "KT08", "KT09",
                                      "KT10"),
                        "formulas": []}],
            "published": ["KT01", "KT03", "KT04", "KT05", "KT09", "KT10"],
        },
    },
    {
        "code": QUARTERLY,
        "name": "Báo cáo tình hình lao động, việc làm và an sinh xã hội quý",
        "kind": "periodic",
        "content": "Tình hình lao động, việc làm, đào tạo nghề nghiệp và thực hiện chính sách an sinh xã hội trên "
                   "địa bàn, phân theo giới tính.",
        "sending_method": "Gửi trên Hệ thống thông tin báo cáo tỉnh; báo cáo của huyện được ký số.",
        "instructions": "Ủy ban nhân dân cấp xã nhập số liệu theo nam, nữ (cột tổng số tự cộng, lực lượng lao động "
                        "và tỷ lệ thất nghiệp do biểu tự tính), trình lãnh đạo Ủy ban nhân dân cấp huyện phê duyệt. "
                        "Ủy ban nhân dân cấp huyện tổng hợp số liệu các xã, bổ sung phần đánh giá và gửi Ủy ban nhân "
                        "dân tỉnh. Số liệu chốt từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối quý (Nghị định "
                        "09/2019/NĐ-CP).",
        "frequency": "quarter", "due_day": DEADLINE_QUARTERLY, "requires_signature": True, "consolidates": True,
        "receiving_unit": "40-VP", "lead_unit": None,
        "unit_ids": [], "subtree_ids": ["40-VINH", "40-DC"],
        "definition": {
            "outline": [
                {"key": "s1", "title": "Đánh giá chung tình hình lao động, việc làm", "required": True,
                 "guidance": "Cung - cầu lao động, kết quả tạo việc làm, đào tạo nghề trong quý."},
                {"key": "s2", "title": "Thực hiện chính sách an sinh xã hội", "required": False,
                 "guidance": "Chi trả trợ cấp, bảo hiểm xã hội, bảo hiểm y tế, trợ giúp đột xuất."},
                {"key": "s3", "title": "Khó khăn, vướng mắc và kiến nghị", "required": False, "guidance": ""},
            ],
            "tables": [
                {"key": "b1", "title": "Biểu 01. Lao động, việc làm và đào tạo nghề nghiệp", "dimension": SEX,
                 "rows": _rows("LD01", "LD02", "LD03", "LD04", "LD05", "LD06", "LD07", "LD08", "LD09", "LD10",
                               "LD11", "LD12", "LD13", required=("LD02", "LD03", "LD05")),
                 "formulas": _by_sex(("LD01", "LD02.{c} + LD03.{c}"), ("LD04", "LD03.{c} / LD01.{c} * 100"))},
                {"key": "b2", "title": "Biểu 02. An sinh xã hội", "dimension": SEX,
                 "rows": _rows("AS01", "AS02", "AS03", "AS04", "AS05", "AS06", "AS07", "AS08", "AS09",
                               required=("AS01", "AS04")),
                 "formulas": []},
            ],
            "published": ["LD01", "LD03", "LD04", "LD05", "AS04"],
        },
    },
    {
        "code": FLOODS,
        "name": "Báo cáo nhanh tình hình thiệt hại do mưa lũ",
        "kind": "adhoc",
        "content": "Báo cáo nhanh thiệt hại về người, nhà ở và sản xuất nông nghiệp do đợt mưa lũ, phục vụ chỉ đạo "
                   "khắc phục hậu quả của Chủ tịch Ủy ban nhân dân tỉnh.",
        "sending_method": "Gửi trên Hệ thống thông tin báo cáo tỉnh.",
        "instructions": "Số liệu tính đến 17 giờ ngày trước ngày báo cáo; chỉ ghi thiệt hại đã xác minh.",
        "frequency": "adhoc", "requires_signature": False, "consolidates": False,
        "receiving_unit": "40-VP", "lead_unit": None,
        "unit_ids": ["40-VINH", "40-DC"], "subtree_ids": [],
        "definition": {
            "outline": [
                {"key": "s1", "title": "Diễn biến mưa lũ và tình hình thiệt hại", "required": True, "guidance": ""},
                {"key": "s2", "title": "Công tác ứng phó, khắc phục hậu quả", "required": False, "guidance": ""},
                {"key": "s3", "title": "Đề xuất, kiến nghị hỗ trợ", "required": False, "guidance": ""},
            ],
            "tables": [{"key": "b1", "title": "Biểu 01. Thiệt hại do mưa lũ", "dimension": None,
                        "rows": _rows("TH01", "TH02", "TH03", "TH04", "TH05", "TH06", "TH07", "TH08",
                                      required=("TH01", "TH02", "TH03", "TH08")),
                        "formulas": []}],
            "published": [],
        },
    },
]

# ---------------------------------------------------------------------------------------------- figures

# KTXH-THANG: what each agency fills, oldest of the four demo months first (three past months, then the
# current one). Text sections are the same every month.
MONTHLY_FIGURES = {
    "40-CT": {"KT01__total": ["1585420,5", "1642310", "1718905,2", "1701250"]},
    "40-STC": {"KT02__total": ["2874600", "2951380,4", "3108240", "3012500"]},
    "40-SCT": {"KT04__total": ["9215,4", "9380,7", "9642,1", "9710"], "KT05__total": ["248,6", "262,3", "271,9",
                                                                                        "266,4"]},
    "40-CTK": {"KT03__total": ["108,4", "109,7", "111,2", "110,5"], "KT04__total": ["9215,4", "9380,7", "9642,1",
                                                                                      "9710"],
               "KT10__total": ["103,12", "102,87", "103,05", "102,96"]},
    "40-KBNN": {"KT06__total": ["684,5", "722,8", "815,3", "798"]},
    "40-BQLKKT": {"KT07__total": ["3", "5", "4", "2"], "KT08__total": ["2150", "4820,5", "3160", "1280"]},
    "40-SKHDT": {"KT09__total": ["176", "192", "205", "188"]},
}
# The current month: a figure the approver returned, and what the unit corrected it to before resubmitting.
MONTHLY_CORRECTED = {"40-KBNN": {"KT06__total": "812,6"}}
MONTHLY_TEXTS = {
    "40-CT": "Thu nội địa tăng 8,6% so với cùng kỳ, chủ yếu từ khu vực doanh nghiệp ngoài quốc doanh và thuế thu "
             "nhập cá nhân.",
    "40-STC": "Chi ngân sách bảo đảm các nhiệm vụ thường xuyên; ưu tiên chi an sinh xã hội và phòng, chống thiên "
              "tai.",
    "40-SCT": "Xuất khẩu dệt may, dăm gỗ, xi măng tiếp tục tăng; thị trường hàng hoá ổn định, không có biến động "
              "giá lớn.",
    "40-CTK": "Sản xuất công nghiệp tăng khá ở ngành chế biến, chế tạo; chỉ số giá tiêu dùng tăng nhẹ do giá nhóm "
              "nhà ở, vật liệu xây dựng.",
    "40-KBNN": "Giải ngân vốn đầu tư công đạt 58,4% kế hoạch vốn năm; kiểm soát chi đúng quy định.",
    "40-BQLKKT": "Khu kinh tế Đông Nam thu hút thêm dự án sản xuất linh kiện điện tử tại Khu công nghiệp VSIP "
                 "Nghệ An.",
}
LEAD_TEXTS = {
    "section__s1": "Kinh tế của tỉnh tiếp tục phục hồi: sản xuất công nghiệp, thương mại, xuất khẩu tăng so với "
                   "cùng kỳ; thu ngân sách đạt khá; thu hút đầu tư tập trung vào Khu kinh tế Đông Nam.",
    "section__s2": "Giải ngân vốn đầu tư công ở một số dự án còn chậm do vướng giải phóng mặt bằng.",
    "section__s3": "Đẩy nhanh giải ngân vốn đầu tư công; hỗ trợ doanh nghiệp mở rộng thị trường xuất khẩu.",
}

# LDXH-QUY: each unit's labour force by sex (nam, nữ) in the older quarter; later quarters grow by 1%.
LABOUR_FORCE = {
    "40-VINH-HB": (6150, 6480), "40-VINH-LM": (4280, 4510), "40-VINH-HD": (3920, 3760),
    "40-DC-TT": (3410, 3525), "40-DC-DN": (2870, 2795),
}
# Per 1 000 of the labour force (integer arithmetic keeps the figures whole): indicator → (nam, nữ).
PER_THOUSAND = {
    "LD03": (21, 26), "LD05": (14, 12), "LD06": (4, 2), "LD07": (30, 34), "LD08": (5, 6), "LD09": (4, 5),
    "LD10": (9, 7), "LD11": (7, 6), "LD12": (3, 3), "LD13": (1, 0),
    "AS01": (312, 289), "AS02": (41, 52), "AS03": (268, 251), "AS04": (1720, 1810), "AS05": (38, 61),
    "AS06": (12, 10), "AS07": (3, 3), "AS08": (15, 11), "AS09": (2, 3),
}
LABOUR_TEXTS = {
    "section__s1": "Thị trường lao động ổn định; tổ chức phiên giao dịch việc làm, tư vấn cho người lao động trở về "
                   "từ các tỉnh phía Nam.",
    "section__s2": "Chi trả trợ cấp xã hội, ưu đãi người có công đầy đủ, đúng hạn qua tài khoản.",
}
LABOUR_CORRECTION = {"AS04__nu": -120}  # what the returned report corrects before it is resubmitted


def labour_figures(unit_code: str, quarter: int) -> dict:
    """The LDXH-QUY cells a commune enters for the ``quarter``-th demo quarter (0 = the older one); totals,
    the labour force and the unemployment rate are left to the regime's checks and formulas."""
    base_nam, base_nu = LABOUR_FORCE[unit_code]
    force = (base_nam + base_nam * quarter // 100, base_nu + base_nu * quarter // 100)
    out = {}
    for code, rates in PER_THOUSAND.items():
        for column, size, rate in zip(("nam", "nu"), force, rates, strict=True):
            out[f"{code}__{column}"] = str(size * rate // 1000 + quarter)
    for column, size in zip(("nam", "nu"), force, strict=True):
        out[f"LD02__{column}"] = str(size - int(out[f"LD03__{column}"]))
    return {**out, **LABOUR_TEXTS}


FLOOD_FIGURES = {
    "40-VINH": {"TH01__total": "0", "TH02__total": "0", "TH03__total": "2", "TH04__total": "0",
                "TH05__total": "347", "TH06__total": "126,5", "TH07__total": "48,2", "TH08__total": "8650",
                "section__s1": "Mưa lớn kéo dài gây ngập úng cục bộ tại các phường Hưng Bình, Lê Mao và xã Hưng Đông; "
                               "nước rút chậm ở khu vực trũng thấp.",
                "section__s2": "Sơ tán 56 hộ dân khỏi vùng ngập; bố trí lực lượng trực, khơi thông dòng chảy."},
    "40-DC": {"TH01__total": "1", "TH02__total": "0", "TH03__total": "4", "TH04__total": "3",
              "TH05__total": "612", "TH06__total": "842,7", "TH07__total": "215,4", "TH08__total": "23400",
              "section__s1": "Nước biển dâng kết hợp mưa lớn gây ngập sâu các xã ven biển."},
}
