"""Subtree scoping at 10 000 units (CORE-05: "subtree queries stay fast at 10,000 units").

The tree is built breadth first with five children per unit, which gives depth 6; 20 records per unit sit in
a benchmark-only table indexed on ``unit_id``, like a plugin's report table. Each query is timed (printed at
the end of the run) and its result checked against counts computed from the generated parent map.
"""
from collections import deque

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select

from platform_core.access.service import scope_query, visible_unit_ids
from platform_core.units import service
from platform_core.units.models import Unit, UnitClosure

UNITS = 10_000
FANOUT = 5
RECORDS_PER_UNIT = 20
VIEW = "core.units.view"

records = sa.Table("bench_records", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                   sa.Column("unit_id", sa.Integer, nullable=False, index=True))


def generate():
    """``[UnitSpec]`` breadth first, and ``{code: parent code}``."""
    specs, parents, queue = [], {}, deque([None])
    while len(specs) < UNITS:
        parent = queue.popleft()
        for _ in range(FANOUT if parent else 1):
            if len(specs) == UNITS:
                break
            code = f"B{len(specs):05d}"
            specs.append(service.UnitSpec(code, f"Đơn vị thử nghiệm {len(specs)}", "department", parent))
            parents[code] = parent
            queue.append(code)
    return specs, parents


def depth_of(code, parents):
    depth = 0
    while parents[code] is not None:
        code, depth = parents[code], depth + 1
    return depth


def subtree_size(root, parents):
    children = {}
    for code, parent in parents.items():
        children.setdefault(parent, []).append(code)
    size, stack = 0, [root]
    while stack:
        code = stack.pop()
        size += 1
        stack.extend(children.get(code, []))
    return size


@pytest.fixture
def big_tree(db, timed):
    specs, parents = generate()
    timed(f"create {UNITS} units with closure rows (create_units)", lambda: service.create_units(specs), repeat=1)
    records.create(db.engine)
    numbers = " UNION ALL ".join(f"SELECT {i} AS k" for i in range(RECORDS_PER_UNIT))
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"INSERT INTO bench_records (unit_id) SELECT u.id FROM units u JOIN ({numbers}) n ON 1=1")
        if db.engine.dialect.name == "postgresql":
            conn.exec_driver_sql("ANALYZE")
    yield parents
    db.session.rollback()  # the session's open transaction would hold a lock the DROP waits for (PostgreSQL)
    records.drop(db.engine)


def test_closure_is_complete(db, big_tree):
    parents = big_tree
    assert max(depth_of(c, parents) for c in parents) == 6
    expected = sum(depth_of(c, parents) + 1 for c in parents)
    assert db.session.scalar(select(func.count()).select_from(UnitClosure)) == expected


@pytest.mark.parametrize("root_code", ["B00000", "B00001", "B00006", "B00031"],
                         ids=["root", "depth1", "depth2", "depth3"])
def test_subtree_scope_queries(db, make_user, big_tree, timed, root_code):
    parents = big_tree
    root = service.get_by_code(root_code)
    user = make_user(f"bench{root_code.lower()}", unit=root, role="officer", scope="subtree")
    size = subtree_size(root_code, parents)

    def visible_units():
        return db.session.scalar(select(func.count()).select_from(Unit)
                                 .where(Unit.id.in_(visible_unit_ids(user, VIEW))))

    def count_records():
        return db.session.scalar(scope_query(select(func.count()).select_from(records), records.c.unit_id,
                                             user, VIEW))

    def newest_page():
        return db.session.execute(scope_query(select(records.c.id), records.c.unit_id, user, VIEW)
                                  .order_by(records.c.id.desc()).limit(50)).all()

    assert timed(f"visible_unit_ids count, subtree {root_code} ({size} units)", visible_units) == size
    assert timed(f"scope_query count(*), subtree {root_code} ({size * RECORDS_PER_UNIT} records)",
                 count_records) == size * RECORDS_PER_UNIT
    assert len(timed(f"scope_query newest 50, subtree {root_code}", newest_page)) == min(50, size * RECORDS_PER_UNIT)


def test_moving_a_large_subtree(db, big_tree, timed):
    parents = big_tree
    moved, target = service.get_by_code("B00001"), service.get_by_code("B00002")
    size = subtree_size("B00001", parents)
    timed(f"move_unit of a {size}-unit subtree", lambda: service.move_unit(moved, target), repeat=1)

    parents["B00001"] = "B00002"
    expected = sum(depth_of(c, parents) + 1 for c in parents)
    assert db.session.scalar(select(func.count()).select_from(UnitClosure)) == expected
    assert len(service.subtree_ids(target)) == subtree_size("B00002", parents)
    path = [u.code for u in service.ancestors(service.get_by_code("B00031"))]
    assert path == ["B00000", "B00002", "B00001", "B00006"]
