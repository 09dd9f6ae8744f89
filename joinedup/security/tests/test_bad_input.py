"""Hostile input: uploads checked by type and size, HTML escaped on output, no inline script,
and no spreadsheet formulas in CSV exports."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loaders.app_directories import get_app_template_dirs
from django.urls import reverse

from joinedup.agreements.models import Partnership
from joinedup.meetings.models import Paper
from joinedup.meetings.tests.factories import PDF_BYTES
from joinedup.organisations.tests.factories import PersonFactory
from joinedup.settings.base import BASE_DIR
from tests.access import extend_world

SCRIPT = '<script>alert("owned")</script>'


def _paper_post(client, world, name, content):
    url = reverse("meetings:paper_add", args=[world.meeting.pk, world.item.number])
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(url, {"title": "Budget report", "file": upload})


def test_a_paper_that_is_not_what_its_name_says_is_refused_naming_the_field(world, client_for):
    world = extend_world(world)
    before = Paper.objects.count()
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    response = _paper_post(client_for(world.east_officer), world, "report.pdf", png)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_file"' in page  # the error summary links to the file field
    assert "The selected file must be a PDF, DOCX, XLSX or ODT" in page
    assert Paper.objects.count() == before


def test_the_largest_paper_accepted_is_a_setting(world, client_for, settings):
    world = extend_world(world)
    settings.JOINEDUP_MAX_UPLOAD_BYTES = 1024 * 1024
    before = Paper.objects.count()
    too_big = PDF_BYTES + b"\n%" + b"x" * (1024 * 1024)
    response = _paper_post(client_for(world.east_officer), world, "report.pdf", too_big)
    assert response.status_code == 200
    assert "The selected file must be smaller than 1 MB" in response.content.decode()
    assert Paper.objects.count() == before

    response = _paper_post(client_for(world.east_officer), world, "report.pdf", PDF_BYTES)
    assert response.status_code == 302
    assert Paper.objects.count() == before + 1


def test_html_typed_into_a_text_field_is_shown_as_text_not_run(world, client_for):
    client = client_for(world.east_officer)
    response = client.post(
        reverse("agreements:partnership_create"),
        {
            "name": f"Shared services {SCRIPT}",
            "summary": SCRIPT,
            "is_published": "on",
            "joined_on_day": "1",
            "joined_on_month": "4",
            "joined_on_year": "2024",
        },
    )
    assert response.status_code == 302
    partnership = Partnership.objects.get(name__startswith="Shared services")
    page = client.get(partnership.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in page
    assert SCRIPT not in page


def test_every_page_sends_a_strict_content_security_policy_and_its_script_has_the_nonce(
    world, client
):
    response = client.get(reverse("agreements:partnership", args=[world.partnership.slug]))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    page = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline and all(f'nonce="{nonce}"' in attributes for attributes in inline)
    again = client.get(reverse("home"))["Content-Security-Policy"]
    assert re.search(r"'nonce-([^']+)'", again).group(1) != nonce  # a new one each time
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def _templates():
    """joinedup's templates served to browsers; those rendered to PDF by WeasyPrint (named
    *_pdf.html) never reach a browser, so the policy does not apply to them."""
    dirs = [BASE_DIR / "templates", *get_app_template_dirs("templates")]
    for directory in dirs:
        if "site-packages" in str(directory):
            continue
        yield from (p for p in directory.rglob("*.html") if not p.name.endswith("_pdf.html"))


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"<script(?![^>]*\b(src|nonce)=)(?![^>]*type=\"application/json\")", "inline <script>"),
        (r"\sstyle=", "a style= attribute (the policy allows no inline style)"),
        (r"\son[a-z]+=", "an inline event handler (onclick= etc.)"),
        (r"<style", "a <style> element"),
        (r"javascript:", "a javascript: URL"),
    ],
    ids=["script", "style-attribute", "event-handler", "style-element", "javascript-url"],
)
def test_no_template_needs_what_the_content_security_policy_forbids(pattern, why):
    """Every app's templates (new apps too): the policy would block these in the browser."""
    templates = list(_templates())
    assert len(templates) > 20
    found = [
        f"{path.relative_to(BASE_DIR.parent)}: {why}"
        for path in templates
        if re.search(pattern, path.read_text())
    ]
    assert not found, "\n".join(found)


def test_the_audit_export_neutralises_spreadsheet_formulas(world, client_for):
    PersonFactory(organisation=world.east, name='=HYPERLINK("http://evil.example","Click")')
    response = client_for(world.admin).get(reverse("audit:export_csv", args=[world.east.code]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "date"
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert any("HYPERLINK" in c for c in cells)


@pytest.mark.parametrize(
    "query",
    ["limit=2575344330877657677824", "offset=5484454304035141000000", "limit=0", "offset=-1"],
)
def test_api_pages_out_of_range_are_refused_not_a_server_error(db, client, query):
    """schemathesis found a huge `limit` answered 500 (the integer overflowed the database's)."""
    response = client.get(f"/api/partnerships?{query}")
    assert response.status_code == 422
    assert client.get("/api/partnerships?limit=500&offset=0").status_code == 200
