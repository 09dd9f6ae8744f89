"""Quarterly reports and programme exports: parse, call, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from joinedup.agreements.models import Partnership, Party
from joinedup.finance.exports import to_csv, to_xlsx
from joinedup.finance.years import FinancialYear, FinancialYearError, Quarter

from . import actions, exports, permissions, quarterly
from .forms import ReportRequestForm, quarter_value
from .models import ReportRun

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _partnership(request, slug) -> Partnership:
    """404 for a partnership the user may not read, as on every partnership page."""
    return get_object_or_404(
        Partnership.objects.visible_to(request.user).prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation"))
        ),
        slug=slug,
    )


def _run(request, slug, pk) -> ReportRun:
    partnership = _partnership(request, slug)
    run = get_object_or_404(ReportRun.objects.filter(partnership=partnership), pk=pk)
    run.partnership = partnership
    return run


def report_list(request, slug):
    partnership = _partnership(request, slug)
    quarters = quarterly.quarters_to_offer(partnership)
    years: dict[FinancialYear, list[Quarter]] = {}
    for quarter in quarters:
        years.setdefault(quarter.financial_year, []).append(quarter)
    return render(
        request,
        "reports/list.html",
        {
            "partnership": partnership,
            "years": [(year, sorted(qs)) for year, qs in years.items()],
            "runs": ReportRun.objects.filter(partnership=partnership).select_related(
                "requested_by"
            )[:50],
            "can_request": permissions.can_request(request.user, partnership),
        },
    )


def quarter_report(request, slug, year, number):
    partnership = _partnership(request, slug)
    if number not in (1, 2, 3, 4):
        raise Http404("A financial year has four quarters")
    try:
        quarter = Quarter(FinancialYear(year), number)
    except FinancialYearError:
        raise Http404("No such financial year") from None
    report = quarterly.gather(partnership, quarter)
    return render(
        request,
        "reports/report.html",
        {
            "partnership": partnership,
            "report": report,
            "can_request": permissions.can_request(request.user, partnership),
        },
    )


@login_required
def report_request(request, slug):
    partnership = _partnership(request, slug)
    if not permissions.can_request(request.user, partnership):
        raise PermissionDenied(permissions.ONLY_THE_PARTNERSHIP)
    quarters = quarterly.quarters_to_offer(partnership)
    if request.method == "POST":
        form = ReportRequestForm(request.POST, quarters=quarters)
    else:
        wanted = request.GET.get("quarter")
        initial = wanted if wanted in {quarter_value(q) for q in quarters} else None
        form = ReportRequestForm(initial={"quarter": initial}, quarters=quarters)
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.request_report(partnership, form.cleaned_data["quarter"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"The report for {run.quarter_label} has been asked for")
            return redirect(run)
    return render(request, "reports/request_form.html", {"partnership": partnership, "form": form})


def run_detail(request, slug, pk):
    run = _run(request, slug, pk)
    return render(
        request,
        "reports/run.html",
        {"partnership": run.partnership, "run": run},
    )


def _file(run: ReportRun, field: str, content_type: str):
    """Files are never served from a public media URL: each download is checked here."""
    stored = getattr(run, field)
    if not run.is_done or not stored:
        raise Http404("The report has not been generated yet")
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is missing") from None
    response = FileResponse(
        handle, as_attachment=True, filename=run.filename(field), content_type=content_type
    )
    response["Cache-Control"] = "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def run_docx(request, slug, pk):
    return _file(_run(request, slug, pk), "docx", DOCX)


def run_pdf(request, slug, pk):
    return _file(_run(request, slug, pk), "pdf", PDF)


def _download(content, *, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def programme_csv(request, slug):
    partnership = _partnership(request, slug)
    content = "\ufeff" + to_csv(exports.programme_table(partnership))
    return _download(content, content_type=CSV, filename=f"{partnership.slug}-programme.csv")


def programme_xlsx(request, slug):
    partnership = _partnership(request, slug)
    content = to_xlsx(exports.programme_table(partnership))
    return _download(content, content_type=XLSX, filename=f"{partnership.slug}-programme.xlsx")
