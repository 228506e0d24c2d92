"""Tables of the example plugin: every name starts with the plugin key."""
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from platform_core import db


class ExampleNote(db.Model):
    __tablename__ = "example_notes"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    text: Mapped[str] = mapped_column(String(500))
