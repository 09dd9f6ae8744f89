"""The quarterly report as files: a DOCX in the shape of a council committee report
(python-docx) and a PDF (WeasyPrint, from an HTML template). Both are made from the same
`QuarterlyReport` that the page shows, so the figures agree. Text from
the database goes through `xml_safe`: a control character stored in a title must not break
the file."""

import io

from django.template.loader import render_to_string
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from joinedup.finance.money import format_pence
from joinedup.govuk.text import xml_safe

from .quarterly import QuarterlyReport


def _percent(value) -> str:
    return "No target" if value is None else f"{value}%"


def _table(document, headers: list[str], rows: list[list[str]], numeric_from: int | None = None):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(xml_safe(header))
        run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = xml_safe(str(value))
            if numeric_from is not None and index >= numeric_from:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()
    return table


def _savings_rows(lines) -> list[list[str]]:
    return [
        [
            line.label,
            format_pence(line.target_pence),
            format_pence(line.actual_pence),
            line.variance_text,
            _percent(line.delivered_percent),
        ]
        for line in lines
    ]


def docx_bytes(report: QuarterlyReport) -> bytes:
    """A committee report: title, report of, purpose, recommendations, then the sections."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    partnership = report.partnership

    document.add_heading(xml_safe(f"{partnership.name}: {report.title}"), level=0)
    document.add_paragraph().add_run("Report to: ").bold = True
    document.paragraphs[-1].add_run("Joint Liaison Group")
    paragraph = document.add_paragraph()
    paragraph.add_run("Report of: ").bold = True
    paragraph.add_run(xml_safe(f"The Board of {partnership.name} (joint partnership manager)"))
    paragraph = document.add_paragraph()
    paragraph.add_run("Period: ").bold = True
    paragraph.add_run(f"{report.quarter.label}, {report.period_text}")

    document.add_heading("1. Purpose of the report", level=1)
    document.add_paragraph(
        xml_safe(
            f"To report the progress of {partnership.name}'s joint work programme in "
            f"{report.quarter.label}: the status of each initiative, the exceptions that need "
            "attention, the decisions taken by the partnership's bodies, the money, and the "
            "savings delivered against the targets."
        )
    )

    document.add_heading("2. Recommendations", level=1)
    document.add_paragraph("The Joint Liaison Group is asked to:")
    for item in report.recommendations():
        document.add_paragraph(xml_safe(item), style="List Number")

    document.add_heading("3. Programme status", level=1)
    if report.stages:
        rows = [
            [
                line.title,
                group.label,
                line.service_area,
                line.lead or "None",
                line.rag_label or "No report",
                line.commentary,
            ]
            for group in report.stages
            for line in group.initiatives
        ]
        _table(
            document,
            ["Initiative", "Stage", "Service area", "Lead or host", "RAG", "Commentary"],
            rows,
        )
    else:
        document.add_paragraph("No initiatives are on the programme.")

    document.add_heading("4. Exceptions", level=1)
    if report.exceptions:
        _table(
            document,
            ["Initiative", "Exception"],
            [[e.initiative, e.detail] for e in report.exceptions],
        )
    else:
        document.add_paragraph(f"There were no exceptions at {report.as_at:%-d %B %Y}.")

    document.add_heading("5. Decisions taken", level=1)
    if report.decisions:
        _table(
            document,
            ["Body", "Meeting", "Item", "Resolution", "Status"],
            [
                [d.body, f"{d.meeting_on:%-d %B %Y}", d.item, d.outcome, d.status_label]
                for d in report.decisions
            ],
        )
    else:
        document.add_paragraph("No decisions were taken in the quarter.")

    document.add_heading("6. Money", level=1)
    document.add_heading(f"Cost pools, {report.financial_year.label}", level=2)
    if report.pools:
        rows = []
        for pool in report.pools:
            rows.append(
                [
                    pool.initiative,
                    pool.description,
                    pool.basis,
                    "Total",
                    format_pence(pool.total_pence),
                ]
            )
            for share in pool.shares:
                rows.append(["", "", "", share.council, format_pence(share.pence)])
            if pool.error:
                rows.append(["", "", "", "Cannot apportion", pool.error])
        _table(document, ["Initiative", "Cost", "Basis", "Council", "Amount"], rows, numeric_from=4)
    else:
        document.add_paragraph("No cost pools for the financial year.")
    document.add_heading("Recharge statements for the quarter", level=2)
    if report.statements:
        _table(
            document,
            ["Councils", "Provided by the first", "Provided by the second", "Net"],
            [
                [
                    f"{s.council_a} and {s.council_b}",
                    format_pence(s.a_provided_pence),
                    format_pence(s.b_provided_pence),
                    s.summary,
                ]
                for s in report.statements
            ],
            numeric_from=1,
        )
    else:
        document.add_paragraph("No recharges between the councils.")
    document.add_heading(f"Joint funds at {report.quarter.ends_on:%-d %B %Y}", level=2)
    if report.funds:
        _table(
            document,
            ["Fund", "Contributed", "Committed", "Balance"],
            [
                [
                    f.name,
                    format_pence(f.contributed_pence),
                    format_pence(f.committed_pence),
                    format_pence(f.balance_pence),
                ]
                for f in report.funds
            ],
            numeric_from=1,
        )
    else:
        document.add_paragraph("The partnership has no joint fund.")

    document.add_heading("7. Savings against targets", level=1)
    if report.savings_by_year:
        headers = ["", "Target", "Delivered", "Against target", "Of target"]
        document.add_heading("By financial year", level=2)
        _table(
            document,
            ["Financial year", *headers[1:]],
            _savings_rows([*report.savings_by_year, report.savings_total]),
            numeric_from=1,
        )
        document.add_heading("By council", level=2)
        _table(
            document,
            ["Council", *headers[1:]],
            _savings_rows(report.savings_by_council),
            numeric_from=1,
        )
    else:
        document.add_paragraph("No savings targets or savings delivered are recorded.")

    document.add_heading("8. Background papers", level=1)
    document.add_paragraph(
        "The partnership's programme, money and savings pages in joinedup, from which this "
        f"report was generated on {report.as_at:%-d %B %Y}."
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_html(report: QuarterlyReport) -> str:
    """The report as HTML for WeasyPrint, without the control characters that no document
    may carry (a vertical tab stored in a title becomes a line break)."""
    return xml_safe(render_to_string("reports/report_pdf.html", {"report": report}))


def pdf_document(report: QuarterlyReport):
    """WeasyPrint's laid-out document (pages), before it is written as a PDF."""
    from weasyprint import HTML

    return HTML(string=pdf_html(report)).render()


def pdf_bytes(report: QuarterlyReport) -> bytes:
    return pdf_document(report).write_pdf()
