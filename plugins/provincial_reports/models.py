"""What an administrator configures for the Nghệ An reporting system (QĐ 09/2024/QĐ-UBND Đ6.2, Đ8):
shared indicators and disaggregations, report regimes with their versions, and assignments to units.

A regime's content (outline sections, data tables, formulas, published figures) lives in the
``definition`` of a :class:`RegimeVersion`, as JSON, because it is a document the builder edits as a
whole and that past submissions keep: a new version applies from a period on, and the submissions of
earlier periods stay tied to the version (and the report type) they were entered under.
"""
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core.database import JSONType, UTCDateTime
from platform_core.extensions import db
from platform_core.timeutil import utcnow

# Indicator data types (RPT-12) and how a parent unit combines its children's values.
DATA_TYPES = ("integer", "decimal", "percent", "text", "boolean")
AGGREGATES = ("sum", "mean", "max", "none")

# Regime kinds (Đ8.2): required by the centre, periodic provincial, thematic / ad-hoc.
KIND_CENTRAL, KIND_PERIODIC, KIND_ADHOC = "central", "periodic", "adhoc"
KINDS = (KIND_CENTRAL, KIND_PERIODIC, KIND_ADHOC)
# Kinds exempt from the 72-hour rule of Đ8.3.
KINDS_WITHOUT_NOTICE = (KIND_CENTRAL, KIND_ADHOC)

# A regime is drafted, then in force once assigned, then retired (never deleted once units reported).
STATUS_DRAFT, STATUS_ACTIVE, STATUS_RETIRED = "draft", "active", "retired"

# Assignment selectors (RPT-03): one unit, a unit and all units under it, every unit of a type.
SELECT_UNIT, SELECT_SUBTREE, SELECT_TYPE = "unit", "subtree", "unit_type"


class Dimension(db.Model):
    """A disaggregation reused across regimes: sex (nam, nữ), area (thành thị, nông thôn), age group…
    ``categories`` is ``[{"key": "nam", "label": "Nam"}, …]``; a table disaggregated by it gets one
    column per category and a total."""

    __tablename__ = "provincial_reports_dimensions"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    categories = mapped_column(JSONType, default=list)
    created_at = mapped_column(UTCDateTime, default=utcnow)


class Indicator(db.Model):
    """A shared indicator definition (RPT-12, Đ4.4): the same code means the same figure in every regime,
    so values add up across units and regimes."""

    __tablename__ = "provincial_reports_indicators"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    concept: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[str] = mapped_column(Text, default="")
    unit_of_measure: Mapped[str] = mapped_column(String(60), default="")
    data_type: Mapped[str] = mapped_column(String(16), default="integer")
    aggregate: Mapped[str] = mapped_column(String(16), default="sum")
    # Values outside [plausible_min, plausible_max] are accepted only once the officer confirms them;
    # stored as plain decimal text like the workflow's values.
    plausible_min: Mapped[str | None] = mapped_column(String(40))
    plausible_max: Mapped[str | None] = mapped_column(String(40))
    allow_negative: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at = mapped_column(UTCDateTime, default=utcnow)


class Regime(db.Model):
    """A report regime with the metadata of ND 09/2019 Điều 11 khoản 2 (QĐ 09/2024 Đ8)."""

    __tablename__ = "provincial_reports_regimes"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16), default=KIND_PERIODIC)
    content: Mapped[str] = mapped_column(Text, default="")
    legal_number: Mapped[str] = mapped_column(String(80), default="")
    legal_date = mapped_column(Date)
    receiving_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # The unit that leads the consolidation (Đ14: Sở Kế hoạch và Đầu tư "chủ trì, phối hợp với" Finance,
    # Tax, Statistics…): it consolidates every other assigned unit, wherever they sit in the tree. Without
    # one, each assigned unit consolidates the assigned units directly under it (a district its communes).
    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    sending_method: Mapped[str] = mapped_column(String(255), default="")
    instructions: Mapped[str] = mapped_column(Text, default="")
    # Frequency: an ND 09 / calendar period kind (obligations.rules.PERIOD_KINDS), or "adhoc" with a
    # single due date. Deadline: exactly one of due_day (+ due_months_later), due_days, due_working_days,
    # counted from the end of the cut-off window as obligations.rules.Periodic does.
    frequency: Mapped[str] = mapped_column(String(20), default="calendar_month")
    due_day: Mapped[int | None] = mapped_column(Integer)
    due_months_later: Mapped[int] = mapped_column(Integer, default=0)
    due_days: Mapped[int | None] = mapped_column(Integer)
    due_working_days: Mapped[int | None] = mapped_column(Integer)
    adhoc_due_date = mapped_column(Date)
    requires_signature: Mapped[bool] = mapped_column(Boolean, default=True)
    # Whether a parent unit consolidates the reports of the assigned units under it (a district its
    # communes) instead of entering its own figures.
    consolidates: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16), default=STATUS_DRAFT)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    receiving_unit = relationship("Unit", foreign_keys=[receiving_unit_id])
    lead_unit = relationship("Unit", foreign_keys=[lead_unit_id])
    versions: Mapped[list["RegimeVersion"]] = relationship(
        back_populates="regime", order_by="RegimeVersion.number", cascade="all, delete-orphan")
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="regime", order_by="Assignment.id", cascade="all, delete-orphan")


class RegimeVersion(db.Model):
    """One version of a regime's content. ``valid_from`` is the period key (``2026-07``, ``2026-Q3``…) from
    which it applies; the first version applies from the beginning (None).

    ``definition``::

        {"outline": [{"key": "s1", "title": "…", "guidance": "…", "required": true}],
         "tables": [{"key": "b1", "title": "…", "dimension": "sex" | null,
                     "rows": [{"indicator": "DS01", "required": true}],
                     "formulas": ["TL01.total = DS02.total / DS01.total * 100"]}],
         "published": ["DS01", "KT01"]}
    """

    __tablename__ = "provincial_reports_regime_versions"
    __table_args__ = (UniqueConstraint("regime_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regime_id: Mapped[int] = mapped_column(ForeignKey("provincial_reports_regimes.id"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    valid_from: Mapped[str | None] = mapped_column(String(10))
    definition = mapped_column(JSONType, default=dict)
    note: Mapped[str] = mapped_column(String(255), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)

    regime: Mapped[Regime] = relationship(back_populates="versions")

    @property
    def report_type_key(self) -> str:
        return f"provincial_reports.regime_{self.regime_id}_v{self.number}"


class Assignment(db.Model):
    """Units a regime is assigned to (Đ8.3): a unit, a subtree, or every unit of a type (within
    ``unit_id``'s subtree when given)."""

    __tablename__ = "provincial_reports_assignments"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    regime_id: Mapped[int] = mapped_column(ForeignKey("provincial_reports_regimes.id"), index=True)
    selector: Mapped[str] = mapped_column(String(16), default=SELECT_UNIT)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    unit_type_code: Mapped[str | None] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)

    regime: Mapped[Regime] = relationship(back_populates="assignments")
    unit = relationship("Unit", foreign_keys=[unit_id])
