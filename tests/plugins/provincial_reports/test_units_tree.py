"""Nghệ An's unit tree (RPT-01): the province (40), its departments and agencies, the 21 former districts
with their official codes valid until 30/06/2025, and communes directly under the province since
01/07/2025 — both shapes in one tree, each unit knowing when it existed."""
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

DATA = Path(__file__).resolve().parents[3] / "plugins" / "provincial_reports" / "data" / "nghe_an_units.csv"
POST_2025 = ("code,name,type,parent_code,valid_from\n"
             "16666,Phường Thành Vinh,commune,40,01/07/2025\n")


@pytest.mark.req("RPT-01")
def test_the_provincial_tree_imports_with_official_codes_and_validity(db, runner, tmp_path):
    from platform_core.units import service
    from platform_core.units.models import Unit

    result = runner.invoke(args=["units", "import", str(DATA)])
    assert result.exit_code == 0, result.output
    province = service.get_by_code("40")
    assert province.name == "Tỉnh Nghệ An"
    districts = db.session.scalars(sa.select(Unit).where(Unit.parent_id == province.id,
                                                         Unit.code.between("412", "432"))).all()
    assert len(districts) == 21
    vinh = service.get_by_code("412")
    assert vinh.name == "Thành phố Vinh" and vinh.valid_to == date(2025, 6, 30)
    assert vinh.valid_on(date(2025, 6, 30)) and not vinh.valid_on(date(2025, 7, 1))
    assert service.get_by_code("40-SKHDT").parent_id == province.id

    commune_file = tmp_path / "xa.csv"
    commune_file.write_text(POST_2025, encoding="utf-8")
    result = runner.invoke(args=["units", "import", str(commune_file)])
    assert result.exit_code == 0, result.output
    ward = service.get_by_code("16666")
    assert ward.parent_id == province.id, "since 01/07/2025 communes sit directly under the province"
    assert not ward.valid_on(date(2025, 6, 30)) and ward.valid_on(date(2026, 1, 1))
    assert service.valid_during(vinh, date(2025, 4, 1), date(2025, 6, 30))
    assert not service.valid_during(vinh, date(2025, 7, 1), date(2025, 9, 30))
