"""The unit tree: agencies, their types and a closure table for fast subtree queries."""
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core.database import UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow

UNIT_ACTIVE = "active"
UNIT_DISSOLVED = "dissolved"


class UnitType(db.Model):
    __tablename__ = "unit_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))

    def __repr__(self):
        return f"<UnitType {self.code}>"


class Unit(db.Model):
    """An agency or organisation: ministry, department, province, district, commune, company…

    Units are never deleted once data points to them; they are dissolved (``status``).

    ``valid_from``/``valid_to`` are the days the unit exists in the administrative tree, both included, and
    either may be open (None). They describe the tree of a period (Nghệ An's communes sit under districts
    until 06/2025 and directly under the province from 07/2025), which is not the same as ``status``: a
    unit whose validity has ended is still there, with its data, for reports of the periods it covered.
    """

    __tablename__ = "units"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    abbreviation: Mapped[str | None] = mapped_column(String(40))
    unit_type_id: Mapped[int] = mapped_column(ForeignKey("unit_types.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=UNIT_ACTIVE)
    dissolved_at = mapped_column(UTCDateTime)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    created_at = mapped_column(UTCDateTime, default=utcnow)

    unit_type: Mapped[UnitType] = relationship(lazy="joined")
    parent: Mapped["Unit | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Unit"]] = relationship(back_populates="parent", order_by="Unit.name")

    @property
    def is_active(self) -> bool:
        return self.status == UNIT_ACTIVE

    def valid_on(self, day: date) -> bool:
        """Whether ``day`` lies within the unit's validity (a missing bound is open)."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def __repr__(self):
        return f"<Unit {self.code} {self.name}>"


class UnitClosure(db.Model):
    """Every (ancestor, descendant) pair of the tree, a unit being its own ancestor at depth 0."""

    __tablename__ = "unit_closure"
    __table_args__ = (Index("ix_unit_closure_descendant", "descendant_id", "ancestor_id"),)

    ancestor_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    descendant_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    depth: Mapped[int] = mapped_column(Integer)
