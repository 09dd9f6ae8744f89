"""The DOCX and PDF open when read back, and their figures are the data's."""

import datetime
import io
import re

from docx import Document
from pypdf import PdfReader

from joinedup.finance.money import format_pence
from joinedup.finance.years import FinancialYear, Quarter
from joinedup.reports import documents, quarterly

D = datetime.date
Q3 = Quarter(FinancialYear(2013), 3)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    """The text of the PDF file itself, read back with pypdf."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_the_docx_is_a_committee_report_with_the_datas_figures(report_world):
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    text = _docx_text(documents.docx_bytes(report))
    for heading in (
        "Report of:",
        "Purpose of the report",
        "Recommendations",
        "Programme status",
        "Exceptions",
        "Decisions taken",
        "Money",
        "Savings against targets",
    ):
        assert heading in text
    assert "East Lothian and Midlothian: Quarterly report, Q3 2013/14" in text
    assert "1 October 2013 to 31 December 2013" in text
    # Savings: the totals equal the data's.
    assert format_pence(report.savings_total.target_pence) == "£140,000.00"
    assert "£140,000.00" in text and "£75,000.00" in text
    assert "£80,000.00" in text  # 2013/14's target
    # Fund balance at the quarter's end, cost pool and its shares, recharge net.
    assert format_pence(report.funds[0].balance_pence) == "£90,000.00"
    assert "£90,000.00" in text
    assert "£1,000.01" in text and "£500.01" in text and "£500.00" in text
    assert "Midlothian Council pays East Lothian Council £200.00" in text
    assert "Pilot progress" in text
    assert "confidential" not in text


def test_the_pdf_opens_and_shows_the_same_figures(report_world):
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    data = documents.pdf_bytes(report)
    assert data.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(data)).pages) >= 2
    text = _pdf_text(data)
    assert "Quarterly report, Q3 2013/14" in text
    for figure in ("£140,000.00", "£75,000.00", "£90,000.00", "£1,000.01", "£500.01"):
        assert figure in text, figure
    assert "Midlothian Council pays East Lothian Council £200.00" in text
    assert "confidential" not in text


def test_the_docx_is_a4_with_header_footer_page_numbers_and_joinedups_properties(report_world):
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    document = Document(io.BytesIO(documents.docx_bytes(report)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 25
    assert section.header.paragraphs[0].text == (
        "East Lothian and Midlothian: Quarterly report, Q3 2013/14"
    )
    footer = section.footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    properties = document.core_properties
    assert properties.author == "joinedup" and properties.last_modified_by == "joinedup"
    assert "python-docx" not in f"{properties.author}{properties.comments}{properties.title}"
    assert properties.title == "East Lothian and Midlothian: Quarterly report, Q3 2013/14"
    assert "East Lothian and Midlothian" in properties.subject


def test_the_docx_has_a_committee_reports_sections_and_recommendations_from_the_data(
    report_world,
):
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    text = _docx_text(documents.docx_bytes(report))
    for heading in (
        "Report to:",
        "Meeting date:",
        "Contact officer:",
        "Risks",
        "Financial implications",
        "Legal implications",
        "Equality implications",
        "Background papers",
    ):
        assert heading in text, heading
    jpm = report_world.jpm
    manager = f"{jpm.get_full_name() or jpm.username} (joint partnership manager)"
    assert f"Contact officer: {manager}" in text
    assert "To be written by the report's author before issue" in text
    assert "the action proposed" not in text
    # The pilot was amber to 31 December 2013: the recommendation names it.
    assert (
        "ask the lead councils of Environmental health and trading standards, rated red or "
        "amber, for a recovery plan to the next meeting"
    ) in text
    assert "Environmental health and trading standards: Rated amber" in text  # a risk


def test_the_pdf_is_tagged_with_a_structure_tree(report_world):
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    reader = PdfReader(io.BytesIO(documents.pdf_bytes(report)))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    tree = root["/StructTreeRoot"].get_object()
    kinds = set()

    def walk(node, depth=0):
        node = node.get_object()
        if isinstance(node, dict) or hasattr(node, "get"):
            if node.get("/S"):
                kinds.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    if hasattr(kid, "get_object") and depth < 40:
                        walk(kid, depth + 1)

    walk(tree)
    assert {"/H1", "/H2", "/Table", "/P"} <= kinds
    assert str(root.get("/Lang")) == "en-GB"


def test_the_docx_and_pdf_survive_control_characters_already_stored(report_world):
    """Issue 21 item 5: text stored with a vertical tab or another control character."""
    from joinedup.programme.models import Initiative

    Initiative.objects.filter(pk=report_world.pilot.pk).update(
        title="Environmental health\x0band trading\x01 standards"
    )
    report_world.partnership.name = "East Lothian\x0cand Midlothian"
    report_world.partnership.save()
    report = quarterly.gather(report_world.partnership, Q3, today=D(2014, 6, 1))
    text = _docx_text(documents.docx_bytes(report))
    assert "Environmental health\nand trading standards" in text
    assert "\x0b" not in text and "\x01" not in text
    pdf_text = _pdf_text(documents.pdf_bytes(report))
    assert "Environmental health and trading standards" in pdf_text
