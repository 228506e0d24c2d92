"""The example plugin's logic, kept out of the hook module."""
from flask import url_for
from sqlalchemy import func, select

from examples.example_plugin.models import ExampleNote
from platform_core import FieldSpec, ReportType, SearchHit, db
from platform_core.access import can


def note_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ExampleNote))


def ensure_welcome_note(session):
    if not session.scalar(select(ExampleNote).where(ExampleNote.text == "Xin chào")):
        session.add(ExampleNote(text="Xin chào"))


def find_notes(query: str, user) -> list[SearchHit]:
    """Notes containing ``query``, for users who may read notes."""
    if not can(user, "example.note.view"):
        return []
    notes = db.session.scalars(select(ExampleNote).where(ExampleNote.text.ilike(f"%{query}%")).limit(20))
    return [SearchHit(note.text, url_for("example.index"), kind="Ghi chú") for note in notes]


def checklist_report_type() -> list[ReportType]:
    """A report type built from data: one count per stored note, so adding a note adds a field without code."""
    notes = db.session.scalars(select(ExampleNote).order_by(ExampleNote.id)).all()
    if not notes:
        return []
    return [ReportType("example.checklist", "Bảng kiểm theo ghi chú",
                       tuple(FieldSpec(f"note_{n.id}", n.text[:200], "int", minimum=0) for n in notes),
                       enter_permission="example.note.edit", approve_permission="example.note.edit",
                       send_permission="example.note.edit")]
