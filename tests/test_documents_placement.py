"""The signature's place on a rendered report (CORE-14, used by CORE-13): inside the signature block,
between the signer's position and name, overlapping no text, on short and long reports alike."""
import re

import pytest
from fixtures_documents.support import REGIME, activate_regime, make_submission, needs_poppler, pdf_pages, poppler

pytestmark = [pytest.mark.req("CORE-14"),
              needs_poppler]

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


@pytest.fixture
def app_overrides():
    return dict(REGIME)


@pytest.fixture(autouse=True)
def wired(app, db):
    activate_regime(app, db)


def _words(pdf, page):
    """Words of a page with their boxes turned into PDF coordinates (origin bottom-left)."""
    text = poppler("pdftotext", pdf, "-bbox", "-f", str(page), "-l", str(page))
    height = 841.89
    return [(float(x1), height - float(y2), float(x2), height - float(y1), word)
            for x1, y1, x2, y2, word in WORD.findall(text)]


def _overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("report_type, data, position", [
    ("pcdoc.figures", {"population": 1}, "Chủ tịch"),
    ("pcdoc.long", {f"f{i}": i for i in range(1, 1001)}, "Phó Chủ tịch Thường trực Ủy ban nhân dân"),
])
def test_the_signature_box_is_the_empty_space_of_the_signature_block(db, make_unit, make_user, report_type, data,
                                                                      position):
    from platform_core.documents.placement import signature_box
    from platform_core.documents.render import render_submission

    unit = make_unit("XA", "UBND xã An Bình", type_code="commune")
    leader = make_user("lanhdao", unit=unit, role="pcdoc.leader", full_name="Nguyễn Văn Toàn")
    leader.position = position
    submission = make_submission(db, unit, report_type, data, approved_by_id=leader.id)
    pdf = render_submission(submission, "pdf")[0]

    page_index, box = signature_box(pdf)
    pages = pdf_pages(pdf)
    assert page_index == pages - 1
    x1, y1, x2, y2 = box
    assert 0 < x1 < x2 <= 595.3 and 0 < y1 < y2 <= 841.9
    assert x2 - x1 > 200 and y2 - y1 > 50
    words = _words(pdf, pages)
    assert not [w for w in words if _overlaps(w[:4], box)], "the signature box covers text"
    above = [w for w in words if w[1] >= y2 and w[0] >= x1 - 1]
    below = [w for w in words if w[3] <= y1 and w[0] >= x1 - 1]
    assert "TỊCH" in {w[4] for w in above}
    assert {"Nguyễn", "Toàn"} <= {w[4] for w in below}
