"""A submission as a Word document with the same parts as the PDF (Nghị định 30/2020 layout) and a real
table of its figures.

Word files do not carry their fonts; every run names Times New Roman, the decree's font, which every
reader's Word has. A report type's HTML ``document_template`` is for the PDF only: the DOCX always holds
the figures table, which is what a reader edits or copies from.
"""
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from platform_core.documents.content import COLUMNS
from platform_core.documents.fonts import DOCX_FONT
from platform_core.documents.header import MOTTO, NATIONAL_NAME, upper

CENTER, LEFT, RIGHT, JUSTIFY = (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT,
                                WD_ALIGN_PARAGRAPH.JUSTIFY)


def _paragraph(container, text="", *, size=13, bold=False, italic=False, underline=False, align=CENTER):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        run = paragraph.add_run(text)
        run.font.name, run.font.size = DOCX_FONT, Pt(size)
        run.bold, run.italic, run.underline = bold, italic, underline
    return paragraph


def _cell_paragraphs(cell):
    """A fresh cell holds one empty paragraph; reuse it for the first line."""
    first = cell.paragraphs[0]
    first._element.getparent().remove(first._element)
    return cell


def _short_rule(container, fraction_indent_cm):
    paragraph = _paragraph(container, size=4)
    paragraph.paragraph_format.left_indent = Cm(fraction_indent_cm)
    paragraph.paragraph_format.right_indent = Cm(fraction_indent_cm)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _no_borders(table):
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _page_field(paragraph):
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _page_setup(document, content):
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = DOCX_FONT, Pt(13)
    # Page numbers from the second page on, centred at the top; the source on every page.
    section.different_first_page_header_footer = True
    _page_field(_paragraph(section.header, size=13))
    section.header.paragraphs[0]._element.getparent().remove(section.header.paragraphs[0]._element)
    for footer in (section.footer, section.first_page_footer):
        _paragraph(footer, content.header.source_text, size=10, italic=True, align=LEFT)
        footer.paragraphs[0]._element.getparent().remove(footer.paragraphs[0]._element)


def _letterhead(document, doc):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = (_cell_paragraphs(c) for c in table.rows[0].cells)
    left.width, right.width = Cm(6.4), Cm(9.6)
    if doc.parent_body:
        _paragraph(left, upper(doc.parent_body), size=12.5)
    _paragraph(left, upper(doc.issuing_body), size=12.5, bold=True)
    _short_rule(left, 2)
    _paragraph(left, f"Số: {doc.number}")
    _paragraph(right, NATIONAL_NAME, size=12.5, bold=True)
    _paragraph(right, MOTTO, bold=True, underline=True)
    _paragraph(right)
    _paragraph(right, doc.date_line, italic=True)


def _title(document, doc):
    _paragraph(document)
    _paragraph(document, doc.kind, size=14, bold=True)
    _paragraph(document, doc.title, size=14, bold=True)
    if doc.summary:
        _paragraph(document, doc.summary, bold=True)
    if doc.period:
        _paragraph(document, doc.period)
    _short_rule(document, 6)
    if doc.addressee:
        _paragraph(document, f"Kính gửi: {doc.addressee}")


def _figures(document, content):
    intro = _paragraph(document, f"{content.submission.unit.name} báo cáo các chỉ tiêu sau:", align=JUSTIFY)
    intro.paragraph_format.space_before = Pt(6)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, COLUMNS):
        _paragraph(_cell_paragraphs(cell), title, size=12, bold=True)
    _repeat_header(table.rows[0])
    for row in content.rows:
        cells = table.add_row().cells
        for cell, text, align in zip(cells, (str(row.number), row.label, row.text, row.unit),
                                     (CENTER, LEFT, RIGHT, CENTER)):
            _paragraph(_cell_paragraphs(cell), text, size=12, align=align)


def _closing(document, doc):
    _paragraph(document)
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = (_cell_paragraphs(c) for c in table.rows[0].cells)
    _paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT)
    for line in doc.distribution:
        _paragraph(left, f"- {line}", size=11, align=LEFT)
    _paragraph(right, upper(doc.signer_position), bold=True)
    for _ in range(5):
        _paragraph(right)
    _paragraph(right, doc.signer_name, bold=True)


def build(content) -> bytes:
    document = Document()
    document.core_properties.title = f"{content.header.kind} {content.header.title}"
    document.core_properties.comments = content.header.source_text
    _page_setup(document, content)
    _letterhead(document, content.header)
    _title(document, content.header)
    _figures(document, content)
    _closing(document, content.header)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
