"""The unit tree service: closure rows after create and move, refusals, dissolution (CORE-05)."""
import pytest
from sqlalchemy import func, select

from platform_core.units import service
from platform_core.units.models import UNIT_DISSOLVED, Unit, UnitClosure

pytestmark = pytest.mark.req("CORE-05")


def closure_rows(db):
    """``{(ancestor code, descendant code): depth}`` as stored."""
    rows = db.session.execute(
        select(UnitClosure.ancestor_id, UnitClosure.descendant_id, UnitClosure.depth)).all()
    codes = dict(db.session.execute(select(Unit.id, Unit.code)).all())
    return {(codes[a], codes[d]): depth for a, d, depth in rows}


def expected_closure(db):
    """The closure the parent pointers imply, computed independently of the service."""
    parents = dict(db.session.execute(select(Unit.code, Unit.parent_id)).all())
    codes = dict(db.session.execute(select(Unit.id, Unit.code)).all())
    expected = {}
    for code in parents:
        current, depth = code, 0
        while current is not None:
            expected[(current, code)] = depth
            parent_id = parents[current]
            current = codes[parent_id] if parent_id is not None else None
            depth += 1
    return expected


@pytest.fixture
def tree(make_unit):
    """BO ─ CUC ─ PHONG ─ TO ; and a second root TINH ─ 412 (official-style codes keep their zeros)."""
    bo = make_unit("BO", "Bộ Tài nguyên và Môi trường", type_code="ministry")
    cuc = make_unit("CUC", "Cục Chuyển đổi số", parent=bo)
    phong = make_unit("PHONG", "Phòng Hạ tầng", parent=cuc)
    to = make_unit("TO", "Tổ Kỹ thuật", parent=phong)
    tinh = make_unit("40", "Tỉnh Nghệ An", type_code="province")
    huyen = make_unit("412", "Huyện Diễn Châu", parent=tinh, type_code="district")
    return {u.code: u for u in (bo, cuc, phong, to, tinh, huyen)}


def test_create_writes_every_ancestor_link(db, tree):
    rows = closure_rows(db)
    assert rows == expected_closure(db)
    assert rows[("BO", "TO")] == 3
    assert rows[("TO", "TO")] == 0
    assert ("40", "TO") not in rows
    assert service.subtree_ids(tree["CUC"]) == {tree[c].id for c in ("CUC", "PHONG", "TO")}
    assert [u.code for u in service.ancestors(tree["TO"])] == ["BO", "CUC", "PHONG"]


def test_move_takes_the_whole_subtree_along(db, tree):
    service.move_unit(tree["PHONG"], tree["412"])

    assert closure_rows(db) == expected_closure(db)
    assert [u.code for u in service.ancestors(tree["TO"])] == ["40", "412", "PHONG"]
    assert service.subtree_ids(tree["BO"]) == {tree["BO"].id, tree["CUC"].id}
    assert service.subtree_ids(tree["40"]) == {tree[c].id for c in ("40", "412", "PHONG", "TO")}
    assert db.session.get(Unit, tree["PHONG"].id).parent.code == "412"


def test_move_to_top_level_and_back(db, tree):
    service.move_unit(tree["CUC"], None)
    assert service.ancestors(tree["TO"])[0].code == "CUC"
    assert closure_rows(db) == expected_closure(db)
    service.move_unit(tree["CUC"], tree["BO"])
    assert closure_rows(db) == expected_closure(db)
    assert [u.code for u in service.ancestors(tree["TO"])] == ["BO", "CUC", "PHONG"]


@pytest.mark.parametrize("target", ["CUC", "PHONG", "TO"])
def test_move_under_itself_or_own_descendant_is_refused(db, tree, target):
    before = closure_rows(db)
    with pytest.raises(service.UnitError, match="chính nó"):
        service.move_unit(tree["CUC"], tree[target])
    db.session.expire_all()
    assert closure_rows(db) == before
    assert db.session.get(Unit, tree["CUC"].id).parent_id == tree["BO"].id


def test_move_under_dissolved_unit_is_refused(db, tree):
    service.dissolve_unit(tree["412"])
    with pytest.raises(service.UnitError, match="đã giải thể"):
        service.move_unit(tree["PHONG"], tree["412"])
    assert service.ancestors(tree["PHONG"])[-1].code == "CUC"


def test_dissolve_keeps_the_unit_and_marks_it(db, tree):
    service.dissolve_unit(tree["TO"])
    db.session.expire_all()
    unit = db.session.get(Unit, tree["TO"].id)
    assert unit is not None and unit.status == UNIT_DISSOLVED and not unit.is_active
    assert unit.dissolved_at is not None
    assert tree["TO"].id in service.subtree_ids(tree["BO"])  # history keeps its place in the tree
    with pytest.raises(service.UnitError, match="đã giải thể"):
        service.create_unit("TO-1", "Nhóm mới", "department", parent=unit)


def test_dissolving_a_unit_with_active_sub_units_is_refused(db, tree):
    with pytest.raises(service.UnitError, match="1 đơn vị trực thuộc đang hoạt động"):
        service.dissolve_unit(tree["PHONG"])
    assert db.session.get(Unit, tree["PHONG"].id).is_active


def test_duplicate_code_is_refused_in_vietnamese(db, tree):
    count = db.session.scalar(select(func.count()).select_from(Unit))
    with pytest.raises(service.UnitError, match="Mã đơn vị 'CUC' đã tồn tại"):
        service.create_unit("CUC", "Cục khác", "department", parent=tree["BO"])
    assert db.session.scalar(select(func.count()).select_from(Unit)) == count


def test_codes_are_strings_with_leading_zeros(db, make_unit):
    make_unit("01", "Thành phố Hà Nội", type_code="province")
    make_unit("001", "Quận Ba Đình", type_code="district")
    make_unit("00001", "Phường Phúc Xá", type_code="commune")
    assert service.get_by_code("01").name == "Thành phố Hà Nội"
    assert service.get_by_code("001").name == "Quận Ba Đình"
    assert service.get_by_code("1") is None


def test_bad_code_and_unknown_type_are_refused(db):
    with pytest.raises(service.UnitError, match="chỉ được gồm"):
        service.create_unit("SỞ TN", "Sở", "department")
    with pytest.raises(service.UnitError, match="Loại đơn vị 'planet' không tồn tại"):
        service.create_unit("X1", "Đơn vị X", "planet")
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 0


def test_rename_changes_name_not_code(db, tree):
    service.update_unit(tree["CUC"], name="Cục Chuyển đổi số và Thông tin dữ liệu", abbreviation="CĐS",
                        unit_type_code="agency")
    db.session.expire_all()
    unit = db.session.get(Unit, tree["CUC"].id)
    assert (unit.code, unit.name, unit.abbreviation, unit.unit_type.code) == (
        "CUC", "Cục Chuyển đổi số và Thông tin dữ liệu", "CĐS", "agency")


def test_bulk_create_accepts_parents_listed_after_children(db, tree):
    specs = [service.UnitSpec("XA-2", "Xã Diễn Ngọc", "commune", "412-A"),
             service.UnitSpec("412-A", "Cụm xã A", "department", "412"),
             service.UnitSpec("XA-3", "Xã Diễn Kỷ", "commune", "412-A")]
    created = service.create_units(specs)
    assert len(created) == 3
    assert closure_rows(db) == expected_closure(db)
    assert [u.code for u in service.ancestors(service.get_by_code("XA-2"))] == ["40", "412", "412-A"]
