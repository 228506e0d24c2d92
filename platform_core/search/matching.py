"""Case- and diacritic-insensitive matching: "nghe an" finds "Nghệ An", "DONG DA" finds "Đống Đa".

Both sides are *folded*: Vietnamese (and other Latin) letters lose their marks, đ becomes d, everything is
lower case. The query is folded in Python; the column in SQL, so the database filters, sorts and limits
as usual:

- PostgreSQL: ``lower(translate(col, <accented letters>, <base letters>))`` — built-in functions, no
  ``unaccent`` extension to install;
- SQLite: ``pc_fold(col)``, this module's Python function registered on every SQLite connection.

Limits: a folded column cannot use an index, so matching scans the candidate rows (the user's scope of
one table). That is fine at the sizes the platform targets (10,000 units, a few hundred thousand
obligations); beyond that a stored folded column with a trigram index would be the next step. Only
letters of the Latin script are folded (U+00C0–U+024F, U+1E00–U+1EFF); other scripts are matched as
they are, lower-cased.
"""
import unicodedata

from sqlalchemy import String, event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

SQLITE_FUNCTION = "pc_fold"


def fold(text: str | None) -> str:
    """Lower case, without diacritics, đ → d."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D").lower()


def _translation() -> tuple[str, str]:
    """Accented Latin letters and their one-letter base, for SQL ``translate``."""
    source, target = [], []
    for block in (range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        for code in block:
            char = chr(code)
            base = fold(char)
            if len(base) == 1 and base.isascii() and base.isalpha() and base != char.lower():
                source.append(char)
                target.append(base)
    return "".join(source), "".join(target)


TRANSLATE_FROM, TRANSLATE_TO = _translation()


class folded(FunctionElement):
    """``folded(column)``: the column as :func:`fold` would return it, computed by the database."""

    type = String()
    name = "folded"
    inherit_cache = True


@compiles(folded)
def _folded_sqlite(element, compiler, **kw):
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


@compiles(folded, "postgresql")
def _folded_postgresql(element, compiler, **kw):
    return (f"lower(translate({compiler.process(element.clauses, **kw)}, "
            f"'{TRANSLATE_FROM}', '{TRANSLATE_TO}'))")


@event.listens_for(Engine, "connect")
def _register_sqlite_function(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


def contains(column, query: str):
    """``column`` contains ``query``, ignoring case and diacritics (LIKE wildcards in the query escaped)."""
    return folded(column).contains(fold(query), autoescape=True)
