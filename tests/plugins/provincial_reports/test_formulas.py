"""Formulas between the cells of a configured data table of the Nghệ An regime (QĐ 09/2024/QĐ-UBND):
what administrators may write, what is refused and with which message, evaluation order and results."""
from decimal import Decimal

import pytest

from plugins.provincial_reports.formulas import Formula, FormulaError, check, evaluate, parse, problems

CELLS = {f"{code}.{column}" for code in ("DS01", "DS02", "TL01", "KT01", "KT02", "KT03", "KT04", "BQ01")
         for column in ("nam", "nu", "total")}


@pytest.mark.req("RPT-02")
def test_parse_reads_target_expression_and_references():
    formula = parse("TL01.total = DS02.total / DS01.total * 100")
    assert formula == Formula("TL01.total", "DS02.total / DS01.total * 100", ("DS02.total", "DS01.total"))

    formula = parse("  KT01.total=KT02.total+ KT03.total -KT04.total + KT02.total ")
    assert formula.target == "KT01.total"
    assert formula.expression == "KT02.total + KT03.total - KT04.total + KT02.total"
    assert formula.references == ("KT02.total", "KT03.total", "KT04.total")  # first appearance, once each

    formula = parse("BQ01.total = -(DS01.nam + DS01.nu) * 0.5 / (2 - KT01.total)")
    assert formula.expression == "-(DS01.nam + DS01.nu) * 0.5 / (2 - KT01.total)"
    assert formula.references == ("DS01.nam", "DS01.nu", "KT01.total")
    assert parse("BQ01.total = (DS01.nam)").expression == "DS01.nam"
    assert parse("BQ01.total = 42").references == ()


@pytest.mark.req("RPT-02")
@pytest.mark.parametrize(("text", "detail"), [
    ("TL01.total = round(DS01.total)", "không dùng được hàm «round(DS01.total)»"),
    ("TL01.total = DS01.total ** 2", "không dùng được phép lũy thừa **"),
    ("TL01.total = DS01 + 1", "«DS01» thiếu mã cột, viết ví dụ DS01.total"),
    ("TL01.total = 'DS01.total'", "không dùng được chuỗi ký tự 'DS01.total'"),
    ("TL01.total = DS01.total > DS02.total", "không dùng được phép so sánh"),
    ("TL01.total = (5).nam", "«(5).nam» không phải là ô"),
    ("TL01.total = 5.nam", "biểu thức viết sai"),
    ("TL01.total = DS01.total.nam", "«DS01.total.nam» không phải là ô"),
    ("TL01.total = ds01.nam", "«ds01.nam» không đúng dạng ô: mã chỉ tiêu viết hoa (ví dụ DS01)"),
    ("TL01.total = DS01.total % 2", "không dùng được phép tính trong «DS01.total % 2»"),
    ("TL01.total = DS01.total[0]", "không dùng được «DS01.total[0]»"),
    ("TL01.total = 1e3", "không dùng được «1e3» làm số"),
    ("TL01.total = DS01.total * 0,5", "số thập phân viết bằng dấu chấm (0.5), không dùng dấu phẩy"),
    ("TL01.total = DS01.total +", "biểu thức viết sai"),
    ("TL01.total == DS01.total", "không dùng được phép so sánh =="),
    ("TL01.total =", "thiếu biểu thức sau dấu ="),
    ("TL01.total DS01.total", "thiếu dấu =, viết dạng Ô = biểu thức"),
    ("tl01.total = DS01.total", "vế trái «tl01.total» phải là một ô, ví dụ TL01.total"),
    ("__import__('os').system('x').total = 1", "vế trái"),
])
def test_parse_refuses_everything_but_cells_numbers_and_arithmetic(text, detail):
    with pytest.raises(FormulaError) as caught:
        parse(text)
    message = str(caught.value)
    assert message.startswith(f"Công thức «{text}» không hợp lệ: ")
    assert detail in message
    assert "chỉ dùng ô (ví dụ DS01.nam), số" in message
    assert "ví dụ 0.5, không dùng dấu phẩy" in message  # decimal point, said in every refusal
    assert message.endswith("và các phép + - * /.")
    assert isinstance(caught.value, ValueError)


@pytest.mark.req("RPT-02")
def test_refusal_names_the_formula_target_when_readable():
    with pytest.raises(FormulaError) as caught:
        parse("TL01.total = abs(DS01.total)")
    assert caught.value.cell == "TL01.total"
    with pytest.raises(FormulaError) as caught:
        parse("")
    assert str(caught.value).startswith("Công thức trống")
    assert caught.value.cell is None


@pytest.mark.req("RPT-02")
def test_column_keys_that_are_python_keywords_are_still_cells():
    formula = parse("BQ01.total = DS01.for + DS01.in")
    assert formula.references == ("DS01.for", "DS01.in")
    values = evaluate([formula], {"DS01.for": Decimal(2), "DS01.in": Decimal(3)})
    assert values["BQ01.total"] == Decimal(5)


@pytest.mark.req("RPT-02")
def test_missing_cell_is_named_in_the_message():
    with pytest.raises(FormulaError) as caught:
        check(["TL01.total = DS09.nam / DS01.total * 100"], CELLS)
    assert str(caught.value) == "Công thức «TL01.total = DS09.nam / DS01.total * 100» tham chiếu ô DS09.nam " \
                                "không có trong biểu."
    assert caught.value.cell == "DS09.nam"

    with pytest.raises(FormulaError) as caught:
        check(["TL09.total = DS01.total"], CELLS)
    assert str(caught.value) == "Công thức «TL09.total = DS01.total» ghi kết quả vào ô TL09.total không có trong biểu."


@pytest.mark.req("RPT-02")
def test_a_cell_is_computed_by_one_formula_only():
    formulas = ["KT01.total = KT02.total + KT03.total", "KT01.total = KT04.total"]
    with pytest.raises(FormulaError) as caught:
        check(formulas, CELLS)
    assert str(caught.value) == ("Ô KT01.total được tính bởi hai công thức: «KT01.total = KT02.total + KT03.total» "
                                 "và «KT01.total = KT04.total»; mỗi ô chỉ được tính bởi một công thức.")
    assert caught.value.cell == "KT01.total"


@pytest.mark.req("RPT-02")
def test_a_cell_computed_from_itself_is_refused():
    with pytest.raises(FormulaError) as caught:
        check(["KT01.total = KT01.total + KT02.total"], CELLS)
    assert str(caught.value).startswith("Công thức vòng tròn: KT01.total → KT01.total.")
    assert caught.value.cell == "KT01.total"


@pytest.mark.req("RPT-02")
def test_a_three_cell_cycle_is_refused_with_its_path():
    formulas = [
        "TL01.total = DS02.total / DS01.total * 100",
        "DS02.total = KT01.total + 1",
        "KT01.total = TL01.total - KT02.total",
        "KT03.total = KT04.total",  # fine, not part of the cycle
    ]
    with pytest.raises(FormulaError) as caught:
        check(formulas, CELLS)
    message = str(caught.value)
    assert message.startswith("Công thức vòng tròn: TL01.total → DS02.total → KT01.total → TL01.total.")
    assert "Một ô không thể được tính từ chính nó" in message
    assert [str(p) for p in problems(formulas, CELLS)] == [message]


@pytest.mark.req("RPT-02")
def test_problems_lists_every_problem_at_once():
    formulas = [
        "TL01.total = DS02.total / DS09.total * 100",
        "KT01.total = sum(KT02.total)",
        "DS02.total = DS02.nam + DS02.nu",
        "DS02.total = DS02.nam",
        "KT03.total = KT04.total",
        "KT04.total = KT03.total",
    ]
    found = [str(p) for p in problems(formulas, CELLS)]
    assert len(found) == 4
    assert "tham chiếu ô DS09.total không có trong biểu" in found[0]
    assert "Công thức «KT01.total = sum(KT02.total)» không hợp lệ: không dùng được hàm" in found[1]
    assert found[2].startswith("Ô DS02.total được tính bởi hai công thức")
    assert found[3].startswith("Công thức vòng tròn: KT03.total → KT04.total → KT03.total.")
    assert problems(["TL01.total = DS02.total / DS01.total * 100"], CELLS) == []


@pytest.mark.req("RPT-02")
def test_check_returns_chained_formulas_in_evaluation_order():
    formulas = [
        "TL01.total = KT01.total / DS01.total * 100",  # needs KT01.total
        "BQ01.total = DS01.nam + DS01.nu",
        "KT01.total = KT02.total + KT03.total",  # needs KT03.total
        "KT03.total = KT04.total * 2",
    ]
    ordered = check(formulas, CELLS)
    assert [f.target for f in ordered] == ["BQ01.total", "KT03.total", "KT01.total", "TL01.total"]
    assert all(isinstance(f, Formula) for f in ordered)

    values = evaluate(ordered, {"DS01.total": Decimal(8), "DS01.nam": Decimal(3), "DS01.nu": Decimal(5),
                                "KT02.total": Decimal(1), "KT04.total": Decimal("0.5")})
    assert values["KT03.total"] == Decimal(1)
    assert values["KT01.total"] == Decimal(2)
    assert values["TL01.total"] == Decimal(25)
    assert values["BQ01.total"] == Decimal(8)


@pytest.mark.req("RPT-02")
def test_evaluate_gives_none_for_missing_data_and_division_by_zero():
    ordered = check(["TL01.total = DS02.total / DS01.total * 100", "KT01.total = TL01.total + 1",
                     "KT02.total = 0 / DS01.total"], CELLS)
    given = {"DS01.total": Decimal(0), "DS02.total": Decimal(5)}
    values = evaluate(ordered, given)
    assert values["TL01.total"] is None
    assert values["KT01.total"] is None  # reads a None result
    assert values["KT02.total"] is None
    assert given == {"DS01.total": Decimal(0), "DS02.total": Decimal(5)}  # the input is not changed

    values = evaluate(ordered, {"DS01.total": None, "DS02.total": Decimal(5)})
    assert values["TL01.total"] is None
    values = evaluate(check(["KT01.total = KT02.total * 0"], CELLS), {})  # absent counts as empty
    assert values["KT01.total"] is None


@pytest.mark.req("RPT-02")
def test_percentages_are_exact_rounded_to_four_places_without_trailing_zeros():
    ordered = check(["TL01.total = DS02.total / DS01.total * 100"], CELLS)

    def rate(part, whole):
        return evaluate(ordered, {"DS02.total": Decimal(part), "DS01.total": Decimal(whole)})["TL01.total"]

    assert str(rate(1, 3)) == "33.3333"
    assert str(rate(2, 3)) == "66.6667"  # half up
    assert str(rate(1, 2)) == "50"  # not 5E+1, not 50.0000
    assert str(rate(3, 8)) == "37.5"
    assert str(rate(0, 7)) == "0"
    assert str(rate("1.5", "1000000")) == "0.0002"

    values = evaluate(check(["KT01.total = KT02.total * 0.1 + 0.2"], CELLS), {"KT02.total": Decimal(1)})
    assert str(values["KT01.total"]) == "0.3"  # decimal, not binary floating point
