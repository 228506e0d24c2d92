"""Helpers for the document tests: submissions made directly, and PDFs read back with poppler."""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

REGIME = {"PLUGIN_MODULES": "pcdoc=fixtures_documents.pcdoc_regime"}


def activate_regime(app, db):
    """The fake regime active everywhere."""
    from platform_core.plugins import activation

    activation.enable("pcdoc")
    db.session.commit()


def make_submission(db, unit, report_type_key, data, title="Báo cáo thử nghiệm", status="draft", **extra):
    from platform_core.workflow.models import Submission

    submission = Submission(report_type_key=report_type_key, plugin_key=report_type_key.split(".", 1)[0],
                            unit_id=unit.id, title=title, status=status, data=data, **extra)
    db.session.add(submission)
    db.session.commit()
    return submission


def poppler(tool, pdf: bytes, *args) -> str:
    """Run a poppler tool on ``pdf`` and return what it prints."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        result = subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
                                capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def pdf_text(pdf: bytes, first=None, last=None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return poppler("pdftotext", pdf, "-enc", "UTF-8", *pages)


def pdf_info(pdf: bytes) -> str:
    return poppler("pdfinfo", pdf)


def pdf_pages(pdf: bytes) -> int:
    line = next(line for line in pdf_info(pdf).splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def pdf_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """``[(font name, embedded?)]`` as ``pdffonts`` lists them."""
    lines = poppler("pdffonts", pdf).splitlines()[2:]
    fonts = []
    for line in lines:
        parts = line.split()
        # name type [type…] encoding emb sub uni object-id generation: "emb" is the fifth field from the end
        fonts.append((parts[0], parts[-5] == "yes"))
    return fonts


# Outside CI a machine without poppler-utils skips the read-back tests; in CI (.ci/run installs it) they run
# and a missing pdftotext fails them.
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None and os.environ.get("CI", "").lower() != "true",
                                   reason="poppler-utils not installed")
