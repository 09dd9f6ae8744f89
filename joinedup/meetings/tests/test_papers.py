import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from joinedup.meetings import agenda, papers

from .factories import PDF_BYTES, AgendaItemFactory


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": papers.ODT.encode(), "content.xml": b"<office:document-content/>"})


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF_BYTES, papers.PDF),
        ("Report.PDF", PDF_BYTES, papers.PDF),
        ("report.docx", DOCX, papers.DOCX),
        ("budget.xlsx", XLSX, papers.XLSX),
        ("minutes.odt", ODT, papers.ODT),
    ],
    ids=["pdf", "pdf-in-capitals", "word", "excel", "opendocument-text"],
)
def test_papers_of_the_accepted_types(name, content, content_type):
    assert papers.check_upload(upload(name, content)) == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.exe", b"MZ\x90\x00", papers.WRONG_TYPE),
        ("report.pdf", b"MZ\x90\x00 not a pdf", papers.WRONG_TYPE),
        ("report.docx", PDF_BYTES, papers.WRONG_TYPE),
        ("report.docx", XLSX, papers.WRONG_TYPE),
        ("report.xlsx", b"PK\x03\x04 broken zip", papers.WRONG_TYPE),
        ("report.odt", DOCX, papers.WRONG_TYPE),
        ("report", PDF_BYTES, papers.WRONG_TYPE),
        ("report.html", b"<script>alert(1)</script>", papers.WRONG_TYPE),
        ("report.pdf", b"", "The selected file is empty"),
    ],
    ids=[
        "program",
        "program-named-pdf",
        "pdf-named-docx",
        "spreadsheet-named-docx",
        "broken-zip",
        "word-named-odt",
        "no-extension",
        "html",
        "empty",
    ],
)
def test_papers_that_are_refused(name, content, message):
    with pytest.raises(ValidationError) as excinfo:
        papers.check_upload(upload(name, content))
    assert excinfo.value.message_dict == {"file": [message]}


def test_a_paper_must_be_at_most_20_mb():
    just_right = upload("report.pdf", PDF_BYTES)
    just_right.size = papers.MAX_SIZE
    assert papers.check_upload(just_right) == papers.PDF

    too_big = upload("report.pdf", PDF_BYTES)
    too_big.size = papers.MAX_SIZE + 1
    with pytest.raises(ValidationError) as excinfo:
        papers.check_upload(too_big)
    assert excinfo.value.message_dict == {"file": ["The selected file must be smaller than 20 MB"]}


def test_a_paper_is_stored_with_its_type_and_size_under_an_unguessable_name(elm, board_meeting):
    item = AgendaItemFactory(meeting=board_meeting)
    paper = agenda.add_paper(
        item, by=elm.world.jpm, title="Report", file=upload("../../etc/EH TS report.pdf", PDF_BYTES)
    )
    assert paper.content_type == papers.PDF
    assert paper.size == len(PDF_BYTES)
    assert paper.file.name.startswith("papers/")
    assert paper.filename == "EH_TS_report.pdf"
    assert len(paper.file.name.split("/")[1]) == 32


def test_only_the_secretariat_adds_papers(elm, board_meeting):
    item = AgendaItemFactory(meeting=board_meeting)
    for user in (elm.world.east_officer, elm.world.public, elm.world.mid_member):
        with pytest.raises(PermissionDenied):
            agenda.add_paper(item, by=user, title="Report", file=upload("r.pdf", PDF_BYTES))


def test_an_exempt_item_must_cite_its_ground(elm, board_meeting):
    """DOMAIN rule 12: each exempt item cites its Sch 12A paragraph."""
    with pytest.raises(ValidationError) as excinfo:
        agenda.add_item(board_meeting, by=elm.world.jpm, title="Staffing", is_exempt=True)
    assert excinfo.value.message_dict == {
        "exemption_ground": ["Select the paragraph of Schedule 12A the item is exempt under"]
    }
    item = agenda.add_item(
        board_meeting, by=elm.world.jpm, title="Staffing", is_exempt=True, exemption_ground="4"
    )
    assert item.exemption_statement == (
        "Exempt information under paragraph 4 of Schedule 12A to the Local Government Act 1972"
    )


def test_an_item_with_a_bad_paper_is_not_added(elm, board_meeting):
    with pytest.raises(ValidationError):
        agenda.add_item(
            board_meeting,
            by=elm.world.jpm,
            title="Report",
            paper_file=upload("report.exe", b"MZ"),
        )
    assert not board_meeting.items.filter(title="Report").exists()


def _odt_whose_mimetype_unpacks_to(size: int) -> bytes:
    """A small .odt whose `mimetype` entry is the right type followed by `size` bytes of spaces:
    deflated, the 400 MB entry is a few hundred kilobytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("mimetype", "w") as entry:
            entry.write(papers.ODT.encode())
            chunk = b" " * (4 * 1024 * 1024)
            for _ in range(size // len(chunk)):
                entry.write(chunk)
        archive.writestr("content.xml", b"<office:document-content/>")
    return buffer.getvalue()


def test_an_opendocument_bomb_is_refused_quickly_without_unpacking_it():
    """Issue 21 item 4: a 400 KB .odt whose mimetype entry unpacks to 400 MB."""
    import time
    import tracemalloc

    bomb = _odt_whose_mimetype_unpacks_to(400 * 1024 * 1024)
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ValidationError) as excinfo:
            papers.check_upload(upload("minutes.odt", bomb))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert excinfo.value.message_dict == {"file": [papers.WRONG_TYPE]}
    assert peak < 5 * 1024 * 1024
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00 a program with %PDF-1.4 inside it\n" + PDF_BYTES,
        b"\n" + PDF_BYTES,
        PDF_BYTES.replace(b"%%EOF", b"%%EO"),
        PDF_BYTES[: PDF_BYTES.index(b"trailer")],
        b"%PDF-1.4\nnot a pdf at all\n%%EOF\n",
        b"%PDF-x.y\n" + PDF_BYTES[9:],
    ],
    ids=[
        "signature-not-at-the-start",
        "signature-after-a-newline",
        "no-end-of-file-marker",
        "cut-short",
        "does-not-parse",
        "no-version",
    ],
)
def test_a_pdf_must_start_with_its_signature_end_with_its_marker_and_parse(content):
    with pytest.raises(ValidationError) as excinfo:
        papers.check_upload(upload("report.pdf", content))
    assert excinfo.value.message_dict == {"file": [papers.WRONG_TYPE]}


def test_a_pdf_may_have_bytes_after_its_end_of_file_marker_as_readers_allow():
    assert papers.check_upload(upload("report.pdf", PDF_BYTES + b"\r\n\x00\x00")) == papers.PDF
