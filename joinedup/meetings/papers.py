"""What a meeting paper may be: a PDF, Word (DOCX), Excel (XLSX) or OpenDocument text file,
no larger than 20 MB. The type is checked from the file's contents, not only its name."""

import zipfile

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

WRONG_TYPE = "The selected file must be a PDF, DOCX, XLSX or ODT"


def _zip_names(file) -> set[str] | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        return None
    finally:
        file.seek(0)
    return names | {f"mimetype:{mimetype.decode('ascii', 'replace').strip()}"}


def _content_matches(file, content_type: str) -> bool:
    if content_type == PDF:
        file.seek(0)
        start = file.read(1024)
        file.seek(0)
        return b"%PDF-" in start[:1024]
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
