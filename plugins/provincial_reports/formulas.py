"""Formulas between the cells of a configured data table (QĐ 09/2024/QĐ-UBND).

A data table has indicators as rows and disaggregation categories as columns; a cell is written
``<MÃ CHỈ TIÊU>.<mã cột>``, for example ``DS01.nam``, ``DS01.total``, ``KT03.total``: the indicator code
in capitals (``A-Z``, digits, ``_``, at most 20 characters, starting with a letter), a dot, the column key
in lower case (``a-z``, digits, ``_``, at most 20 characters, starting with a letter).

A formula is ``Ô = biểu thức``, one per line, for example::

    TL01.total = DS02.total / DS01.total * 100
    KT01.total = KT02.total + KT03.total - KT04.total

The expression may use only cells, numbers (decimal point, not comma: ``0.5``), ``+ - * /``, the unary
minus and parentheses; ``*`` and ``/`` bind tighter than ``+`` and ``-``, and operators of the same rank
apply left to right. Anything else — functions, powers, comparisons, text, a code without its column —
is refused with a message in Vietnamese. When the regime is saved, every formula is checked: each cell it
reads or writes must exist in the table, a cell may be computed by one formula only, and no cell may
depend on itself, directly or through other formulas. A formula may use the result of another; they
are computed in dependency order.

Arithmetic is exact (``decimal``). If a cell the formula reads is empty, or a division is by zero, the
result is empty. Results are rounded half up to 4 decimal places, without trailing zeros
(``33.3333``, ``50``).

Pure Python: no Flask, no database. ``parse`` reads one formula, ``problems`` lists every problem of a
set of formulas, ``check`` raises the first of them or returns the formulas in evaluation order, and
``evaluate`` computes them.
"""
from __future__ import annotations

import ast
import heapq
import keyword
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, DecimalException, localcontext
from functools import lru_cache

INDICATOR_RE = re.compile(r"[A-Z][A-Z0-9_]{0,19}")
COLUMN_RE = re.compile(r"[a-z][a-z0-9_]{0,19}")
CELL_RE = re.compile(r"([A-Z][A-Z0-9_]{0,19})\.([a-z][a-z0-9_]{0,19})")
MAX_LENGTH = 2000

_ALLOWED = "chỉ dùng ô (ví dụ DS01.nam), số (phần thập phân sau dấu chấm, ví dụ 0.5, không dùng dấu phẩy) " \
           "và các phép + - * /"
_NUMBER_RE = re.compile(r"\d+(?:\.\d*)?|\.\d+")
_QUANTUM = Decimal("0.0001")
_PRECISION = 40

# A column key may be a Python keyword ("in", "for"…), which the parser would refuse after a dot; such
# keys are renamed to this prefix before parsing and back afterwards. Input containing it is refused.
_KW_MARK = "_kw_"
_KW_RE = re.compile(r"\.(\s*)(" + "|".join(k for k in keyword.kwlist if k.islower()) + r")\b")
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_RANK = {"+": 1, "-": 1, "*": 2, "/": 2}


class FormulaError(ValueError):
    """A formula that cannot be accepted; the message is Vietnamese and names the formula or cell.

    ``cell`` is the cell concerned (the missing cell, the target computed twice, the first cell of a
    cycle, or the target of an unreadable formula when it could be read), else None. ``formula`` is the
    formula's text as written, when one formula is concerned.
    """

    def __init__(self, message: str, cell: str | None = None, formula: str | None = None):
        super().__init__(message)
        self.message = message
        self.cell = cell
        self.formula = formula

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Formula:
    target: str
    expression: str
    references: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.target} = {self.expression}"


# ---------------------------------------------------------------------------------------------------
# Parsing


def _invalid(text: str, detail: str, cell: str | None = None) -> FormulaError:
    return FormulaError(f"Công thức «{text}» không hợp lệ: {detail}; {_ALLOWED}.", cell=cell, formula=text)


def parse(text: str) -> Formula:
    """Read ``TARGET = EXPR``; raise FormulaError (Vietnamese) on anything outside the formula language."""
    shown = " ".join(str(text).split())
    if not shown:
        raise FormulaError(f"Công thức trống; viết dạng Ô = biểu thức, ví dụ TL01.total = DS02.total / "
                           f"DS01.total * 100; {_ALLOWED}.")
    if len(shown) > MAX_LENGTH:
        raise _invalid(shown[:60] + "…", f"công thức dài quá {MAX_LENGTH} ký tự")
    left, equals, right = shown.partition("=")
    if not equals:
        raise _invalid(shown, "thiếu dấu =, viết dạng Ô = biểu thức, ví dụ TL01.total = DS02.total / DS01.total * 100")
    target = left.strip()
    if not CELL_RE.fullmatch(target):
        raise _invalid(shown, f"vế trái «{target}» phải là một ô, ví dụ TL01.total (mã chỉ tiêu viết hoa, "
                              "dấu chấm, mã cột viết thường)")
    _, references, expression = _compile(right, shown, target)
    return Formula(target, expression, references)


def _compile(source: str, shown: str, target: str | None):
    """Return (tree, references, normalised text) of an expression; the tree is nested tuples."""
    if not source.strip():
        raise _invalid(shown, "thiếu biểu thức sau dấu =", target)
    if source.lstrip().startswith("="):
        raise _invalid(shown, "không dùng được phép so sánh ==", target)
    if "#" in source or _KW_MARK in source:
        raise _invalid(shown, "có ký tự không dùng được", target)
    mangled = _KW_RE.sub(lambda m: "." + m.group(1) + _KW_MARK + m.group(2), source)
    try:
        node = ast.parse(mangled.strip(), mode="eval").body
    except SyntaxError:
        hint = "số thập phân viết bằng dấu chấm (0.5), không dùng dấu phẩy" if "," in source else \
            "biểu thức viết sai (thiếu hoặc thừa phép tính, dấu ngoặc, hay dùng ký tự lạ)"
        raise _invalid(shown, hint, target) from None
    except (ValueError, RecursionError, MemoryError):
        raise _invalid(shown, "biểu thức viết sai hoặc lồng nhau quá sâu", target) from None
    references: list[str] = []
    try:
        tree, text, _rank = _walk(node, mangled.strip(), shown, target, references)
    except RecursionError:
        raise _invalid(shown, "biểu thức lồng nhau quá sâu", target) from None
    return tree, tuple(dict.fromkeys(references)), text


def _walk(node, source: str, shown: str, target: str | None, references: list[str]):
    """Validate one node; return its tree, its normalised text and the rank of its operator (9: none).

    Cells are appended to ``references`` in the order written.
    """
    def segment(n) -> str:
        return (ast.get_source_segment(source, n) or "?").replace(_KW_MARK, "")

    def fail(detail: str) -> FormulaError:
        return _invalid(shown, detail, target)

    if isinstance(node, ast.Attribute):
        if not isinstance(node.value, ast.Name):
            raise fail(f"«{segment(node)}» không phải là ô")
        attr = node.attr.removeprefix(_KW_MARK) if node.attr.startswith(_KW_MARK) else node.attr
        cell = f"{node.value.id}.{attr}"
        written = "".join(segment(node).split())
        if not (INDICATOR_RE.fullmatch(node.value.id) and COLUMN_RE.fullmatch(attr)) or written != cell:
            raise fail(f"«{segment(node)}» không đúng dạng ô: mã chỉ tiêu viết hoa (ví dụ DS01), dấu chấm, "
                       "mã cột viết thường không dấu (ví dụ nam)")
        references.append(cell)
        return ("cell", cell), cell, 9
    if isinstance(node, ast.Constant):
        raw = segment(node)
        if isinstance(node.value, str | bytes):
            raise fail(f"không dùng được chuỗi ký tự {raw}")
        if isinstance(node.value, bool) or not isinstance(node.value, int | float) or not _NUMBER_RE.fullmatch(raw):
            raise fail(f"không dùng được «{raw}» làm số")
        number = Decimal(raw)
        return ("num", number), str(number), 9
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        tree, text, rank = _walk(node.operand, source, shown, target, references)
        if isinstance(node.op, ast.UAdd):
            return tree, text, rank
        if rank < 9 or text.startswith("-"):
            text = f"({text})"
        return ("neg", tree), f"-{text}", 3
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        op = _BINOPS[type(node.op)]
        left, left_text, left_rank = _walk(node.left, source, shown, target, references)
        right, right_text, right_rank = _walk(node.right, source, shown, target, references)
        if left_rank < _RANK[op]:
            left_text = f"({left_text})"
        if right_rank <= _RANK[op]:
            right_text = f"({right_text})"
        return (op, left, right), f"{left_text} {op} {right_text}", _RANK[op]
    raise fail(_describe(node, segment))


def _describe(node, segment) -> str:
    if isinstance(node, ast.Call):
        return f"không dùng được hàm «{segment(node)}»"
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Pow):
            return "không dùng được phép lũy thừa **"
        return f"không dùng được phép tính trong «{segment(node)}»"
    if isinstance(node, ast.Name):
        return f"«{node.id}» thiếu mã cột, viết ví dụ {node.id}.total" if INDICATOR_RE.fullmatch(node.id) \
            else f"«{node.id}» không phải là ô"
    if isinstance(node, ast.Compare | ast.BoolOp) or isinstance(getattr(node, "op", None), ast.Not):
        return "không dùng được phép so sánh hay điều kiện"
    if isinstance(node, ast.Tuple):
        return "số thập phân viết bằng dấu chấm (0.5), không dùng dấu phẩy"
    if isinstance(node, ast.JoinedStr):
        return "không dùng được chuỗi ký tự"
    return f"không dùng được «{segment(node)}»"


# ---------------------------------------------------------------------------------------------------
# Checking a set of formulas


def problems(formulas: list[str], cells: set[str]) -> list[FormulaError]:
    """Every problem of the formulas against the table's cells, in the order written; empty when fine.

    For each formula in turn: unreadable, cells missing from the table, target already computed by an
    earlier formula; then every cycle.
    """
    found: list[FormulaError] = []
    parsed: list[Formula] = []
    first_by_target: dict[str, str] = {}
    for text in formulas:
        shown = " ".join(str(text).split())
        try:
            formula = parse(text)
        except FormulaError as error:
            found.append(error)
            continue
        parsed.append(formula)
        if formula.target not in cells:
            found.append(FormulaError(f"Công thức «{shown}» ghi kết quả vào ô {formula.target} không có "
                                      "trong biểu.", cell=formula.target, formula=shown))
        for reference in formula.references:
            if reference not in cells:
                found.append(FormulaError(f"Công thức «{shown}» tham chiếu ô {reference} không có trong biểu.",
                                          cell=reference, formula=shown))
        if formula.target in first_by_target:
            found.append(FormulaError(
                f"Ô {formula.target} được tính bởi hai công thức: «{first_by_target[formula.target]}» và "
                f"«{shown}»; mỗi ô chỉ được tính bởi một công thức.", cell=formula.target, formula=shown))
        else:
            first_by_target[formula.target] = shown
    deps: dict[str, list[str]] = {}
    for formula in parsed:
        deps.setdefault(formula.target, [])
        deps[formula.target].extend(r for r in formula.references if r not in deps[formula.target])
    for cycle in _cycles(deps):
        found.append(FormulaError(f"Công thức vòng tròn: {' → '.join(cycle)}. Một ô không thể được tính từ "
                                  "chính nó; hãy sửa hoặc bỏ một trong các công thức này.", cell=cycle[0]))
    return found


def _cycles(deps: dict[str, list[str]]) -> list[list[str]]:
    """At least one cycle (as a closed path) per strongly connected part that has one; depth-first."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    seen: set[frozenset[str]] = set()
    cycles: list[list[str]] = []
    for root in deps:
        if root in state:
            continue
        path, stack = [root], [iter(deps[root])]
        state[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
            elif nxt not in deps:
                continue
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(deps[nxt]))
            elif state[nxt] == 1:
                cycle = path[path.index(nxt):] + [nxt]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    cycles.append(cycle)
    return cycles


def check(formulas: list[str], cells: set[str]) -> list[Formula]:
    """Raise the first problem (see ``problems``); else return the formulas in evaluation order.

    The order is the order written, except that a formula comes after every formula whose result it reads.
    """
    found = problems(formulas, cells)
    if found:
        raise found[0]
    parsed = [parse(text) for text in formulas]
    index_of = {formula.target: i for i, formula in enumerate(parsed)}
    waiting_on = [{index_of[r] for r in f.references if r in index_of} for f in parsed]
    readers: dict[int, list[int]] = {}
    for i, needs in enumerate(waiting_on):
        for j in needs:
            readers.setdefault(j, []).append(i)
    ready = [i for i, needs in enumerate(waiting_on) if not needs]
    heapq.heapify(ready)
    ordered: list[Formula] = []
    while ready:
        i = heapq.heappop(ready)
        ordered.append(parsed[i])
        for k in readers.get(i, ()):
            waiting_on[k].discard(i)
            if not waiting_on[k]:
                heapq.heappush(ready, k)
    return ordered


# ---------------------------------------------------------------------------------------------------
# Evaluation


@lru_cache(maxsize=1024)
def _tree(expression: str):
    return _compile(expression, expression, None)[0]


def _number(value) -> Decimal | None:
    if value is None:
        return None
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number if number.is_finite() else None


def _compute(tree, values: dict[str, Decimal]) -> Decimal | None:
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "cell":
        return values[tree[1]]
    if kind == "neg":
        operand = _compute(tree[1], values)
        return None if operand is None else -operand
    left, right = _compute(tree[1], values), _compute(tree[2], values)
    if left is None or right is None:
        return None
    if kind == "+":
        return left + right
    if kind == "-":
        return left - right
    if kind == "*":
        return left * right
    return None if right == 0 else left / right


def _tidy(number: Decimal) -> Decimal:
    rounded = number.quantize(_QUANTUM, rounding=ROUND_HALF_UP)
    if rounded == 0:
        return Decimal(0)
    tidy = rounded.normalize()
    return tidy.quantize(Decimal(1)) if tidy.as_tuple().exponent > 0 else tidy


def evaluate(ordered: list[Formula], values: dict[str, Decimal | None]) -> dict[str, Decimal | None]:
    """Compute the formulas in order; return a copy of ``values`` with every target set.

    Each result is available to the formulas after it. A result is None when a cell it reads is None
    or absent, or when it divides by zero. ``values`` itself is not changed.
    """
    result: dict[str, Decimal | None] = dict(values)
    with localcontext() as context:
        context.prec = _PRECISION
        for formula in ordered:
            read = {ref: _number(result.get(ref)) for ref in formula.references}
            if any(value is None for value in read.values()):
                result[formula.target] = None
                continue
            try:
                value = _compute(_tree(formula.expression), read)
                result[formula.target] = None if value is None else _tidy(value)
            except (DecimalException, ArithmeticError):
                result[formula.target] = None
    return result
