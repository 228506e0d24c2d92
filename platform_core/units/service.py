"""The one place that changes the unit tree: units, their types and the closure table move together here.

Every function flushes; those taking ``commit`` commit by default so that one call is one transaction,
and roll the session back when they fail part-way. Codes are identifiers that never change once issued
(QĐ 124/2004/QĐ-TTg), so nothing here renames a code; units are dissolved, never deleted (audit events and
reports keep pointing at them).
"""
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, literal, select, text, true, union_all
from sqlalchemy.exc import IntegrityError

from platform_core.extensions import db
from platform_core.timeutil import format_date, to_local, utcnow
from platform_core.units.models import UNIT_ACTIVE, UNIT_DISSOLVED, Unit, UnitClosure, UnitType

CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*$")
CODE_MAX, NAME_MAX, ABBREVIATION_MAX = 40, 255, 40
# Key of the PostgreSQL advisory lock that serialises changes to the tree's shape.
TREE_LOCK = 7_004_005
# How many rows one closure INSERT … SELECT links (keeps the IN list well under SQLite's bound limit).
BATCH = 1000

# The kinds of unit the legal texts name; an installation may add its own with ensure_unit_type().
DEFAULT_UNIT_TYPES = {
    "ministry": "Bộ, cơ quan ngang bộ",
    "department": "Vụ, cục, sở, phòng, ban",
    "agency": "Cơ quan, tổ chức khác",
    "province": "Tỉnh, thành phố trực thuộc trung ương",
    "district": "Huyện, quận, thị xã, thành phố thuộc tỉnh",
    "commune": "Xã, phường, thị trấn, đặc khu",
    "company": "Doanh nghiệp",
}


class UnitError(ValueError):
    """A change to the tree that is refused; the message is for the user (Vietnamese)."""


@dataclass(frozen=True)
class UnitSpec:
    """A unit to create. ``parent_code`` names an existing unit or one earlier in the same batch."""

    code: str
    name: str
    type_code: str
    parent_code: str | None = None
    abbreviation: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


class _Keep:
    """The default of :func:`update_unit`'s dates: leave the stored value (None there means "open")."""

    def __repr__(self):
        return "KEEP"


KEEP = _Keep()


# ---------------------------------------------------------------- unit types

def ensure_unit_type(code: str, name: str | None = None) -> UnitType:
    """The unit type ``code``, created (named ``name``, the default name, or the code) when missing."""
    unit_type = db.session.scalar(select(UnitType).where(UnitType.code == code))
    if unit_type is None:
        unit_type = UnitType(code=code, name=name or DEFAULT_UNIT_TYPES.get(code, code))
        db.session.add(unit_type)
        db.session.flush()
    return unit_type


def ensure_default_unit_types() -> list[UnitType]:
    return [ensure_unit_type(code) for code in DEFAULT_UNIT_TYPES]


def unit_types() -> list[UnitType]:
    return list(db.session.scalars(select(UnitType).order_by(UnitType.name)))


def type_choices() -> list[tuple[str, str]]:
    """``[(code, name)]`` of the stored types and the defaults (stored on first use)."""
    names = dict(DEFAULT_UNIT_TYPES)
    names.update((t.code, t.name) for t in unit_types())
    return sorted(names.items(), key=lambda pair: pair[1])


def _unit_type(code: str) -> UnitType:
    """A stored type, or a default one stored now; anything else is refused."""
    unit_type = db.session.scalar(select(UnitType).where(UnitType.code == code))
    if unit_type is None and code in DEFAULT_UNIT_TYPES:
        unit_type = ensure_unit_type(code)
    if unit_type is None:
        raise UnitError(_("Loại đơn vị '%(code)s' không tồn tại.", code=code))
    return unit_type


# ---------------------------------------------------------------- reading the tree

def get_by_code(code: str) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def subtree_query(unit):
    """A SELECT of the ids of ``unit`` and everything below it (for ``in_()``)."""
    unit_id = unit if isinstance(unit, int) else unit.id
    return select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == unit_id)


def subtree_ids(unit) -> set[int]:
    return set(db.session.scalars(subtree_query(unit)))


def ancestors(unit) -> list[Unit]:
    """The units above ``unit``, root first (``unit`` itself not included)."""
    unit_id = unit if isinstance(unit, int) else unit.id
    return list(db.session.scalars(
        select(Unit).join(UnitClosure, UnitClosure.ancestor_id == Unit.id)
        .where(UnitClosure.descendant_id == unit_id, UnitClosure.depth > 0)
        .order_by(UnitClosure.depth.desc())
    ))


def valid_during(unit: Unit, start: date, end: date) -> bool:
    """Whether ``unit`` belongs in the tree of the period ``[start, end]`` (both days included).

    True when its validity shares at least one day with the period and it was not dissolved before
    ``start`` (the day of dissolution, in Viet Nam, still counts). So a district valid until 30/06/2025 is
    in the tree of 2025's first half-year and of the year 2025, not of 2025's second half.
    """
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")
    if unit.valid_from is not None and unit.valid_from > end:
        return False
    if unit.valid_to is not None and unit.valid_to < start:
        return False
    return unit.dissolved_at is None or to_local(unit.dissolved_at).date() >= start


def is_in_subtree(unit_id: int, root_id: int) -> bool:
    return db.session.scalar(
        select(func.count()).select_from(UnitClosure)
        .where(UnitClosure.ancestor_id == root_id, UnitClosure.descendant_id == unit_id)
    ) > 0


# ---------------------------------------------------------------- validation shared with the importer

def code_problem(code: str) -> str | None:
    """Why ``code`` cannot be a unit code, or None. Codes stay strings: "01" and "1" differ."""
    if not code:
        return _("Thiếu mã đơn vị.")
    if len(code) > CODE_MAX:
        return _("Mã đơn vị dài quá %(n)s ký tự.", n=CODE_MAX)
    if not CODE_PATTERN.match(code):
        return _("Mã đơn vị '%(code)s' chỉ được gồm chữ cái không dấu, chữ số và các dấu . _ -", code=code)
    return None


def name_problem(name: str) -> str | None:
    if not name:
        return _("Thiếu tên đơn vị.")
    if len(name) > NAME_MAX:
        return _("Tên đơn vị dài quá %(n)s ký tự.", n=NAME_MAX)
    return None


def abbreviation_problem(abbreviation: str | None) -> str | None:
    if abbreviation and len(abbreviation) > ABBREVIATION_MAX:
        return _("Tên viết tắt dài quá %(n)s ký tự.", n=ABBREVIATION_MAX)
    return None


def validity_problem(valid_from: date | None, valid_to: date | None) -> str | None:
    """Why the validity ``[valid_from, valid_to]`` is refused, or None. One day (equal bounds) is allowed."""
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        return _("Ngày hết hiệu lực (%(end)s) không được trước ngày bắt đầu hiệu lực (%(start)s).",
                 end=format_date(valid_to), start=format_date(valid_from))
    return None


def _check_fields(code, name, abbreviation, valid_from=None, valid_to=None):
    for problem in (code_problem(code), name_problem(name), abbreviation_problem(abbreviation),
                    validity_problem(valid_from, valid_to)):
        if problem:
            raise UnitError(problem)


def _check_parent_open(parent: Unit):
    if parent.status == UNIT_DISSOLVED:
        raise UnitError(_("Đơn vị cấp trên '%(name)s' (%(code)s) đã giải thể.", name=parent.name, code=parent.code))


# ---------------------------------------------------------------- closure maintenance

def _serialise_tree_changes():
    """Creating, moving and dissolving read the tree and then write it. Under READ COMMITTED two such changes at
    once could interleave and leave stale links, or two crossing moves could each pass the cycle check, so
    on PostgreSQL they queue on one transaction-scoped advisory lock. SQLite has one writer at a time."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": TREE_LOCK})


def _link_batch(unit_ids: list[int]):
    """Closure rows for new units whose parents are already linked: a self row, plus the parent's ancestors
    one level further away. One INSERT … SELECT per batch."""
    inherited = (
        select(UnitClosure.ancestor_id, Unit.id, UnitClosure.depth + 1)
        .join(Unit, Unit.parent_id == UnitClosure.descendant_id)
        .where(Unit.id.in_(unit_ids))
    )
    own = select(Unit.id, Unit.id, literal(0)).where(Unit.id.in_(unit_ids))
    stmt = insert(UnitClosure).from_select(["ancestor_id", "descendant_id", "depth"], union_all(own, inherited))
    db.session.execute(stmt)


def _generations(specs: list[UnitSpec]) -> list[list[UnitSpec]]:
    """``specs`` grouped so that every parent is in an earlier group or already stored."""
    by_code = {s.code: s for s in specs}
    level: dict[str, int] = {}
    for spec in specs:
        chain, seen, current = [], set(), spec
        while current is not None and current.code not in level:
            if current.code in seen:
                raise UnitError(_("Quan hệ cấp trên của đơn vị '%(code)s' tạo thành vòng lặp.", code=current.code))
            chain.append(current)
            seen.add(current.code)
            current = by_code.get(current.parent_code) if current.parent_code else None
        base = -1 if current is None else level[current.code]
        for offset, member in enumerate(reversed(chain), start=1):
            level[member.code] = base + offset
    groups: dict[int, list[UnitSpec]] = {}
    for spec in specs:
        groups.setdefault(level[spec.code], []).append(spec)
    return [groups[k] for k in sorted(groups)]


def create_units(specs: Iterable[UnitSpec], progress: Callable[[int], None] | None = None,
                 commit: bool = True) -> list[Unit]:
    """Create many units in one transaction; parents come from the database or from ``specs`` in any order.

    Units are inserted generation by generation and each batch is linked into the closure table with a
    single INSERT … SELECT, so 10 000 units take a few dozen statements rather than 10 000 round trips.
    ``progress(n)`` is called after every ``n`` units created.
    """
    specs = list(specs)
    try:
        _serialise_tree_changes()
        types = {}
        new_codes = {s.code for s in specs}
        if len(new_codes) != len(specs):
            raise UnitError(_("Danh sách có mã đơn vị trùng nhau."))
        taken = _existing_codes(new_codes)
        if taken:
            raise UnitError(_("Mã đơn vị '%(code)s' đã tồn tại.", code=sorted(taken)[0]))
        stored_parents = _stored_parents({s.parent_code for s in specs if s.parent_code} - new_codes)
        ids: dict[str, int] = {code: unit.id for code, unit in stored_parents.items()}
        created = []
        for generation in _generations(specs):
            for start in range(0, len(generation), BATCH):
                batch = generation[start:start + BATCH]
                units = []
                for spec in batch:
                    _check_fields(spec.code, spec.name, spec.abbreviation, spec.valid_from, spec.valid_to)
                    if spec.type_code not in types:
                        types[spec.type_code] = _unit_type(spec.type_code)
                    units.append(Unit(code=spec.code, name=spec.name, abbreviation=spec.abbreviation or None,
                                      unit_type_id=types[spec.type_code].id, status=UNIT_ACTIVE,
                                      valid_from=spec.valid_from, valid_to=spec.valid_to,
                                      parent_id=ids[spec.parent_code] if spec.parent_code else None))
                db.session.add_all(units)
                db.session.flush()
                ids.update((u.code, u.id) for u in units)
                _link_batch([u.id for u in units])
                created.extend(units)
                if progress:
                    progress(len(units))
        for parent in stored_parents.values():
            db.session.expire(parent, ["children"])
        if commit:
            db.session.commit()
        return created
    except IntegrityError as exc:  # a unit with one of the codes was created meanwhile
        db.session.rollback()
        raise UnitError(_("Mã đơn vị đã tồn tại (vừa được tạo bởi người khác). Vui lòng kiểm tra lại.")) from exc
    except Exception:
        db.session.rollback()
        raise


def _existing_codes(codes: set[str]) -> set[str]:
    found = set()
    codes = list(codes)
    for start in range(0, len(codes), BATCH):
        found.update(db.session.scalars(select(Unit.code).where(Unit.code.in_(codes[start:start + BATCH]))))
    return found


def _stored_parents(codes: set[str]) -> dict[str, Unit]:
    codes = list(codes)
    parents = {}
    for start in range(0, len(codes), BATCH):
        parents.update((u.code, u) for u in db.session.scalars(
            select(Unit).where(Unit.code.in_(codes[start:start + BATCH]))))
    missing = sorted(set(codes) - set(parents))
    if missing:
        raise UnitError(_("Không tìm thấy đơn vị cấp trên có mã '%(code)s'.", code=missing[0]))
    for parent in parents.values():
        _check_parent_open(parent)
    return parents


def create_unit(code: str, name: str, unit_type_code: str, parent: Unit | None = None,
                abbreviation: str | None = None, commit: bool = True, *,
                valid_from: date | None = None, valid_to: date | None = None) -> Unit:
    """Create one unit under ``parent`` (a root when None), valid from/to the given days (None: open)."""
    code, name = (code or "").strip(), (name or "").strip()
    spec = UnitSpec(code, name, unit_type_code, parent.code if parent is not None else None, abbreviation,
                    valid_from, valid_to)
    return create_units([spec], commit=commit)[0]


# ---------------------------------------------------------------- changing units

def update_unit(unit: Unit, name: str | None = None, abbreviation: str | None = None,
                unit_type_code: str | None = None, commit: bool = True, *,
                valid_from: date | None | _Keep = KEEP, valid_to: date | None | _Keep = KEEP) -> Unit:
    """Rename, change the abbreviation (empty string clears it), the type or the validity. The code never
    changes. A date left out (``KEEP``) stays as stored; None makes that bound open."""
    name = unit.name if name is None else name.strip()
    abbreviation = unit.abbreviation if abbreviation is None else (abbreviation.strip() or None)
    valid_from = unit.valid_from if valid_from is KEEP else valid_from
    valid_to = unit.valid_to if valid_to is KEEP else valid_to
    problem = name_problem(name) or abbreviation_problem(abbreviation) or validity_problem(valid_from, valid_to)
    if problem:
        raise UnitError(problem)
    unit.name, unit.abbreviation = name, abbreviation
    unit.valid_from, unit.valid_to = valid_from, valid_to
    if unit_type_code is not None:
        unit.unit_type = _unit_type(unit_type_code)
    db.session.flush()
    if commit:
        db.session.commit()
    return unit


def move_unit(unit: Unit, new_parent: Unit | None, commit: bool = True) -> Unit:
    """Put ``unit`` (with its whole subtree) under ``new_parent``; None makes it a root.

    The closure rewrite is two set-based statements: drop every link from the unit's old ancestors into
    its subtree, then link the new parent's ancestors to every subtree member (a cross product).
    Links inside the subtree are unchanged, so the subtree keeps its shape.
    """
    try:
        _serialise_tree_changes()
        if new_parent is not None:
            if new_parent.id == unit.id:
                raise UnitError(_("Không thể chuyển đơn vị vào chính nó."))
            if is_in_subtree(new_parent.id, unit.id):
                raise UnitError(_("Không thể chuyển đơn vị '%(name)s' vào đơn vị trực thuộc của chính nó "
                                  "('%(child)s').", name=unit.name, child=new_parent.name))
            _check_parent_open(new_parent)
        if unit.parent_id == (new_parent.id if new_parent is not None else None):
            if commit:
                db.session.commit()  # ends the transaction, and with it the lock
            return unit
        subtree = select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == unit.id).scalar_subquery()
        old_ancestors = (select(UnitClosure.ancestor_id)
                         .where(UnitClosure.descendant_id == unit.id, UnitClosure.depth > 0).scalar_subquery())
        db.session.execute(
            delete(UnitClosure)
            .where(UnitClosure.descendant_id.in_(subtree), UnitClosure.ancestor_id.in_(old_ancestors))
            .execution_options(synchronize_session=False)
        )
        if new_parent is not None:
            above = select(UnitClosure).where(UnitClosure.descendant_id == new_parent.id).subquery("above")
            below = select(UnitClosure).where(UnitClosure.ancestor_id == unit.id).subquery("below")
            cross = select(above.c.ancestor_id, below.c.descendant_id,
                           above.c.depth + below.c.depth + 1).select_from(above.join(below, true()))
            db.session.execute(
                insert(UnitClosure).from_select(["ancestor_id", "descendant_id", "depth"], cross)
            )
        unit.parent = new_parent
        db.session.flush()
        if commit:
            db.session.commit()
        return unit
    except Exception:
        db.session.rollback()
        raise


def active_children_count(unit: Unit) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Unit).where(Unit.parent_id == unit.id, Unit.status == UNIT_ACTIVE))


def dissolve_unit(unit: Unit, commit: bool = True) -> Unit:
    """Mark ``unit`` dissolved. Its row, code and history stay; a unit with active sub-units is refused so
    that no active unit is left under a dissolved one."""
    _serialise_tree_changes()  # no child may be created under it while it is checked
    if unit.status == UNIT_DISSOLVED:
        raise UnitError(_("Đơn vị '%(name)s' đã giải thể trước đó.", name=unit.name))
    active_children = active_children_count(unit)
    if active_children:
        raise UnitError(_("Đơn vị '%(name)s' còn %(n)s đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc giải thể "
                          "các đơn vị đó trước.", name=unit.name, n=active_children))
    unit.status = UNIT_DISSOLVED
    unit.dissolved_at = utcnow()
    db.session.flush()
    if commit:
        db.session.commit()
    return unit
