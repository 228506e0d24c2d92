"""The example plugin's logic, kept out of the hook module."""
from sqlalchemy import func, select

from examples.example_plugin.models import ExampleNote
from platform_core import db


def note_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ExampleNote))


def ensure_welcome_note(session):
    if not session.scalar(select(ExampleNote).where(ExampleNote.text == "Xin chào")):
        session.add(ExampleNote(text="Xin chào"))
