"""Shared column behaviour on SQLite and PostgreSQL: instants in UTC, text in NFC."""
import unicodedata
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy import Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from platform_core.database import JSONType
from platform_core.units.models import Unit, UnitType

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NAME = "Sở Tài nguyên và Môi trường tỉnh Quảng Ninh"


def nfd(text):
    value = unicodedata.normalize("NFD", text)
    assert value != text, "the sample must change under NFD, or the test proves nothing"
    return value


def stored(db, sql, **params):
    """A value read past the ORM, exactly as the database holds it."""
    return db.session.execute(sa.text(sql), params).scalar_one()


@pytest.fixture
def new_unit(db):
    """A bare unit row; these tests need a table with text and instants, not the tree."""
    unit_type = UnitType(code="department", name="Sở")
    db.session.add(unit_type)
    db.session.flush()

    def factory(code, name):
        unit = Unit(code=code, name=name, unit_type_id=unit_type.id)
        db.session.add(unit)
        db.session.commit()
        return unit

    return factory


@pytest.fixture
def unit(new_unit):
    return new_unit("STNMT_QN", "Sở TN&MT Quảng Ninh")


@pytest.mark.req("CORE-02")
def test_naive_datetime_is_refused(db, unit):
    unit.dissolved_at = datetime(2026, 1, 1, 20, 0)
    with pytest.raises(sa.exc.StatementError, match="naive datetime refused"):
        db.session.flush()
    db.session.rollback()


@pytest.mark.req("CORE-02")
def test_aware_value_round_trips_as_utc(db, unit):
    local = datetime(2026, 1, 2, 3, 0, tzinfo=HANOI)
    unit.dissolved_at = local
    db.session.commit()
    db.session.expire_all()

    back = db.session.get(Unit, unit.id).dissolved_at
    assert back == local
    assert back.utcoffset() == timedelta(0)
    assert (back.year, back.month, back.day, back.hour) == (2026, 1, 1, 20)


@pytest.mark.req("CORE-02")
def test_database_holds_the_utc_wall_clock(db, unit):
    unit.dissolved_at = datetime(2026, 1, 2, 3, 0, tzinfo=HANOI)
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        raw = stored(db, "SELECT dissolved_at FROM units WHERE id = :id", id=unit.id)
    else:
        raw = stored(db, "SELECT to_char(dissolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
                         "FROM units WHERE id = :id", id=unit.id)
    assert str(raw).startswith("2026-01-01 20:00:00")


@pytest.mark.req("CORE-02")
def test_comparisons_work_whatever_zone_the_argument_is_in(db, unit, new_unit):
    later = new_unit("STNMT_NA", "Sở TN&MT Nghệ An")
    unit.dissolved_at = datetime(2026, 1, 1, 20, 0, tzinfo=UTC)
    later.dissolved_at = datetime(2026, 1, 1, 21, 0, tzinfo=UTC)
    db.session.commit()

    same_instant = datetime(2026, 1, 2, 3, 0, tzinfo=HANOI)
    assert db.session.scalars(sa.select(Unit.code).where(Unit.dissolved_at == same_instant)).all() == ["STNMT_QN"]
    assert db.session.scalars(sa.select(Unit.code).where(Unit.dissolved_at > same_instant)).all() == ["STNMT_NA"]


@pytest.mark.req("CORE-02")
@pytest.mark.backends("postgresql")
def test_postgresql_session_time_zone_does_not_leak(db, unit):
    """A server or role configured for another zone still hands back UTC instants."""
    unit.dissolved_at = datetime(2026, 1, 1, 20, 0, tzinfo=UTC)
    db.session.commit()
    db.session.execute(sa.text("SET LOCAL TIME ZONE 'America/New_York'"))
    value = db.session.scalar(sa.select(Unit.dissolved_at).where(Unit.id == unit.id))
    assert value.utcoffset() == timedelta(0)
    assert value.hour == 20
    db.session.rollback()


@pytest.mark.req("CORE-18")
def test_orm_stores_nfc_when_given_nfd(db):
    db.session.add(UnitType(code="so", name=nfd(NAME)))
    db.session.commit()
    assert stored(db, "SELECT name FROM unit_types WHERE code = 'so'") == unicodedata.normalize("NFC", NAME)


@pytest.mark.req("CORE-18")
def test_orm_stores_nfc_on_update(db, unit):
    unit.name = nfd("Chi cục Bảo vệ môi trường")
    db.session.commit()
    assert stored(db, "SELECT name FROM units WHERE id = :id", id=unit.id) == "Chi cục Bảo vệ môi trường"


@pytest.mark.req("CORE-18")
def test_nfc_text_is_found_by_an_nfc_search(db):
    """The point of normalising: what an officer types (NFC) finds what an import wrote (NFD)."""
    db.session.add(UnitType(code="xa", name=nfd("Ủy ban nhân dân xã")))
    db.session.commit()
    found = db.session.scalar(sa.select(UnitType.code).where(UnitType.name == "Ủy ban nhân dân xã"))
    assert found == "xa"


class _Scratch(DeclarativeBase):
    """A model outside the platform's metadata, so create_all and migration checks never see it."""


class _Note(_Scratch):
    __tablename__ = "scratch_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    data = mapped_column(JSONType)


@pytest.mark.req("CORE-18")
def test_json_and_text_columns_are_normalised_too(db):
    """Report data lives in JSON as much as in text columns."""
    _Scratch.metadata.create_all(db.session.connection())
    try:
        db.session.add(_Note(id=1, body=nfd("Ghi chú"), data={nfd("Tên"): [nfd("Hạ Long"), 3]}))
        db.session.flush()
        db.session.expire_all()
        note = db.session.get(_Note, 1)
        assert note.body == "Ghi chú"
        assert note.data == {"Tên": ["Hạ Long", 3]}
    finally:
        db.session.rollback()
        _Scratch.metadata.drop_all(db.session.connection())
        db.session.commit()
