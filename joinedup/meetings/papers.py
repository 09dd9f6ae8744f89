"""What a meeting paper may be: a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text file,
no larger than 20 MB. The type is checked from the file's contents, not only its name: a PDF
by its signature, end marker and structure, an Office or OpenDocument file by the entries of
its zip archive, read with a bound on what is unpacked."""

import logging
import re
import zipfile

import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError

MAX_SIZE = 20 * 1024 * 1024  # the default of the JOINEDUP_MAX_UPLOAD_BYTES setting


def max_size() -> int:
    """The largest paper accepted, in bytes (setting JOINEDUP_MAX_UPLOAD_BYTES, 20 MB)."""
    return int(getattr(settings, "JOINEDUP_MAX_UPLOAD_BYTES", MAX_SIZE))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {".pdf": PDF, ".docx": DOCX, ".xlsx": XLSX, ".odt": ODT}
KIND_LABELS = {
    PDF: "PDF",
    DOCX: "Word document",
    XLSX: "Excel spreadsheet",
    ODT: "OpenDocument text",
}

logger = logging.getLogger(__name__)

WRONG_TYPE = "The selected file must be a PDF, DOCX, XLSX or ODT"


# The longest `mimetype` entry an OpenDocument file has: its type, which is short. The entry is
# read through a stream with this bound, so a small file whose entry unpacks to gigabytes
# (a "zip bomb") costs a few kilobytes, never the whole entry.
MIMETYPE_LIMIT = 200
# A PDF starts with its signature and version at byte 0 ("%PDF-1.7") and ends with "%%EOF";
# readers look for that marker in the last kilobyte, so a few bytes after it are allowed.
PDF_SIGNATURE = re.compile(rb"%PDF-\d\.\d")
PDF_TAIL = 1024


def _zip_names(file) -> set[str] | None:
    """The archive's entry names, and its `mimetype` as "mimetype:<type>" when that entry is
    small; None when the file is not a readable zip archive."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= MIMETYPE_LIMIT:
                with archive.open("mimetype") as entry:
                    mimetype = entry.read(MIMETYPE_LIMIT + 1)
                if len(mimetype) > MIMETYPE_LIMIT:  # the entry lied about its size
                    mimetype = b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError, ValueError):
        return None
    finally:
        file.seek(0)
    return names | {f"mimetype:{mimetype.decode('ascii', 'replace').strip()}"}


def _is_pdf(file) -> bool:
    """A PDF starts with its signature at byte 0, has its end-of-file marker in its last
    kilobyte and parses (pypdf reads its cross-reference table, trailer and page tree)."""
    try:
        file.seek(0)
        if not PDF_SIGNATURE.match(file.read(8)):
            return False
        end = file.seek(0, 2)
        file.seek(max(end - PDF_TAIL, 0))
        if b"%%EOF" not in file.read(PDF_TAIL):
            return False
        file.seek(0)
        reader = pypdf.PdfReader(file, strict=False)
        len(reader.pages)
    except (pypdf.errors.PyPdfError, OSError, ValueError, KeyError, TypeError, RecursionError):
        return False
    except Exception:  # noqa: BLE001 - a malformed PDF may raise anything inside the parser
        logger.info("Paper refused: the PDF parser failed", exc_info=True)
        return False
    finally:
        file.seek(0)
    return True


def _content_matches(file, content_type: str) -> bool:
    if content_type == PDF:
        return _is_pdf(file)
    names = _zip_names(file)
    if names is None:
        return False
    if content_type == DOCX:
        return "[Content_Types].xml" in names and "word/document.xml" in names
    if content_type == XLSX:
        return "[Content_Types].xml" in names and "xl/workbook.xml" in names
    return f"mimetype:{ODT}" in names


def check_upload(file) -> str:
    """The paper's content type, or a ValidationError on the file field saying what is wrong."""
    if file is None:
        raise ValidationError({"file": "Select a file"})
    if file.size == 0:
        raise ValidationError({"file": "The selected file is empty"})
    if file.size > max_size():
        raise ValidationError(
            {"file": f"The selected file must be smaller than {_megabytes(max_size())}"}
        )
    name = (file.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    content_type = EXTENSIONS.get(extension)
    if content_type is None or not _content_matches(file, content_type):
        raise ValidationError({"file": WRONG_TYPE})
    return content_type
