"""Tables of the it_reporting plugin: the IT-project catalogue (QĐ 1676 Điều 15) and the products a
project delivered (phase-2 report, Điều 7.2). Phase reports themselves are core submissions; their
obligations name the project in ``subject_ref`` ("project:<id>")."""
from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from platform_core import db
from platform_core.database import JSONType, UTCDateTime
from platform_core.timeutil import utcnow

# Amounts are in triệu đồng, exact to the nghìn đồng.
MONEY = Numeric(18, 3)


class ItProject(db.Model):
    """A project, or the IT component of another project, in the catalogue.

    ``in_plan``: entered by the IT department from the approved five-year or annual plan (Điều 15.1);
    otherwise added by a reporting unit (Điều 15.2). ``owner_unit`` runs the project (đơn vị chủ trì) and
    reports to ``reporting_unit`` (đơn vị báo cáo), which reports to the IT department.
    """

    __tablename__ = "it_reporting_projects"
    __audited__ = True
    __table_args__ = (
        Index("ix_it_reporting_projects_owner", "owner_unit_id"),
        Index("ix_it_reporting_projects_reporting", "reporting_unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(16), default="project")
    host_project: Mapped[str | None] = mapped_column(String(500))
    project_group: Mapped[str | None] = mapped_column(String(16))
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    reporting_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    in_plan: Mapped[bool] = mapped_column(Boolean, default=False)
    plan_reference: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    total_investment = mapped_column(MONEY, nullable=False, default=0)
    funding_source: Mapped[str] = mapped_column(String(40))
    start_date = mapped_column(Date)
    end_date = mapped_column(Date)
    decision_number: Mapped[str | None] = mapped_column(String(80))
    decision_date = mapped_column(Date)
    decision_authority: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="planned", index=True)
    accepted_on = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner_unit = relationship("Unit", foreign_keys=[owner_unit_id])
    reporting_unit = relationship("Unit", foreign_keys=[reporting_unit_id])
    products: Mapped[list["ItProjectProduct"]] = relationship(
        back_populates="project", order_by="ItProjectProduct.id", cascade="all, delete-orphan")

    def __repr__(self):
        return f"<ItProject {self.code}>"


class ItProjectProduct(db.Model):
    """One product handed over at acceptance: equipment, software, a database, a service…"""

    __tablename__ = "it_reporting_project_products"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("it_reporting_projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(255))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    measure: Mapped[str | None] = mapped_column(String(40))
    value = mapped_column(MONEY, nullable=False, default=0)
    description: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[ItProject] = relationship(back_populates="products")


class RankingPublication(db.Model):
    """A ranking as it stood when the IT department published it (IT-09): the public page shows this
    snapshot, not a live computation. Withdrawing keeps the row and clears ``published``."""

    __tablename__ = "it_reporting_ranking_publications"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    period_key: Mapped[str] = mapped_column(String(40), unique=True)
    period_label: Mapped[str] = mapped_column(String(120))
    rows = mapped_column(JSONType, nullable=False)
    source: Mapped[str] = mapped_column(String(255))
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at = mapped_column(UTCDateTime, nullable=False)
