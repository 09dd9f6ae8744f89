"""Issue 13.5: a report for a period shows the status, RAG, exceptions, money and savings as
they stood at the period's end, says when it was generated, and regenerating it later gives
the same figures unless a correction was recorded, which it then names."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from docx import Document

from joinedup.finance.models import Contribution, JointFund, SavingsActual
from joinedup.finance.tests.factories import ContributionFactory, SavingsActualFactory
from joinedup.finance.years import FinancialYear, Quarter
from joinedup.programme.exceptions import exceptions
from joinedup.programme.models import ReviewKind
from joinedup.programme.tests.factories import StatusReportFactory
from joinedup.reports import documents, quarterly
from joinedup.reports.models import ReportRun, RunStatus

D = datetime.date
Q3 = Quarter(FinancialYear(2013), 3)  # October to December 2013


def figures(report):
    """Every figure a reader compares between two versions of a report."""
    return {
        "stages": [
            (line.title, line.status, line.rag) for g in report.stages for line in g.initiatives
        ],
        "exceptions": [(e.initiative, e.kind, e.detail) for e in report.exceptions],
        "pools": [
            (p.description, p.total_pence, [s.pence for s in p.shares]) for p in report.pools
        ],
        "funds": [(f.name, f.contributed_pence, f.committed_pence) for f in report.funds],
        "savings": [(s.label, s.target_pence, s.actual_pence) for s in report.savings_by_year],
    }


def issue(partnership, quarter, at=None):
    """The quarter's report issued: its files generated at `at` (now by default)."""
    return ReportRun.objects.create(
        partnership=partnership,
        financial_year=quarter.financial_year.start_year,
        quarter=quarter.number,
        status=RunStatus.DONE,
        finished_at=at or timezone.now(),
    )


def test_a_later_periods_rating_does_not_change_a_past_quarters_exceptions(report_world):
    """The pilot was amber to 31 December 2013 and green to 31 March 2014; later still, red."""
    StatusReportFactory(
        initiative=report_world.pilot, period_end=D(2014, 6, 30), rag="red", commentary="Late"
    )
    report = quarterly.gather(report_world.partnership, Q3, today=D(2015, 6, 1))
    pilot = [e for e in report.exceptions if e.initiative == report_world.pilot.title]
    assert [(e.kind, e.detail) for e in pilot] == [
        ("amber", "Rated amber for the period to 31 December 2013")
    ]
    (line,) = [
        line
        for g in report.stages
        for line in g.initiatives
        if line.title == report_world.pilot.title
    ]
    assert (line.rag, line.rag_period_end) == ("amber", D(2013, 12, 31))


def test_exceptions_take_each_initiatives_stage_as_at_the_day(report_world):
    """Joint procurement went live on 1 November 2014 (it was approved before): a live
    initiative needs a report each quarter, an approved one does not. This changes the rule
    the earlier test asserted (it took today's stage for a past quarter)."""
    at_q3_2013 = {
        (e.initiative.title, e.kind) for e in exceptions(report_world.partnership, D(2013, 12, 31))
    }
    assert ("Joint procurement", "no_report") not in at_q3_2013
    at_q3_2014 = {
        (e.initiative.title, e.kind) for e in exceptions(report_world.partnership, D(2014, 12, 31))
    }
    assert ("Joint procurement", "no_report") in at_q3_2014


def test_a_review_held_late_was_overdue_until_it_was_held(report_world):
    review = report_world.pilot.pilot.reviews.get(kind=ReviewKind.INTERIM)
    review.held_on = review.due_on + datetime.timedelta(days=60)
    review.conclusion = "Continue"
    review.save()
    while_overdue = review.due_on + datetime.timedelta(days=30)
    kinds = [e.kind for e in exceptions(report_world.partnership, while_overdue)]
    assert "overdue_review" in kinds
    after = review.held_on + datetime.timedelta(days=1)
    assert "overdue_review" not in [e.kind for e in exceptions(report_world.partnership, after)]


def test_a_report_says_when_it_was_really_generated(report_world):
    before = timezone.now()
    report = quarterly.gather(report_world.partnership, Q3)
    assert before <= report.generated_at <= timezone.now()
    assert report.as_at == D(2013, 12, 31)
    when = timezone.localtime(report.generated_at)
    assert report.generated_text == (
        f"Figures as at 31 December 2013; generated on {when:%-d %B %Y at %H:%M}"
    )
    document = Document(io.BytesIO(documents.docx_bytes(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Generated: {report.generated_text}" in text
    assert "generated on 31 December 2013" not in text


def test_savings_delivered_in_a_later_year_are_not_in_a_past_quarters_report(report_world):
    before = figures(quarterly.gather(report_world.partnership, Q3))
    SavingsActualFactory(
        initiative=report_world.pilot,
        organisation=report_world.east,
        financial_year=2014,
        amount_pence=9_999_00,
    )
    ContributionFactory(
        fund=JointFund.objects.get(),
        organisation=report_world.east,
        amount_pence=5_00,
        contributed_on=D(2014, 4, 2),
        financial_year=2014,
    )
    assert figures(quarterly.gather(report_world.partnership, Q3)) == before


def test_regenerating_an_issued_report_gives_the_same_figures_and_says_nothing_changed(
    report_world,
):
    first = quarterly.gather(report_world.partnership, Q3)
    issue(report_world.partnership, Q3)
    again = quarterly.gather(report_world.partnership, Q3)
    assert figures(again) == figures(first)
    assert again.issued_at is not None and again.corrections == []


def test_a_correction_after_issue_changes_the_figures_and_is_named(report_world):
    issue(report_world.partnership, Q3)
    actual = SavingsActual.objects.get(organisation=report_world.mid, financial_year=2013)
    actual.amount_pence = 34_000_00
    actual._change_reason = "Midlothian's outturn confirmed lower"
    actual.save()
    ContributionFactory(
        fund=JointFund.objects.get(),
        organisation=report_world.east,
        amount_pence=1_00,
        contributed_on=D(2013, 12, 1),
        financial_year=2013,
    )
    report = quarterly.gather(report_world.partnership, Q3)
    by_year = {s.label: s.actual_pence for s in report.savings_by_year}
    assert by_year["2013/14"] == 74_000_00
    texts = [c.text for c in report.corrections]
    assert len(texts) == 2
    assert texts[0].startswith(
        "Midlothian Council's cashable saving delivered of £34,000.00 for "
        f"{report_world.pilot.title}, 2013/14: corrected on "
    )
    assert texts[0].endswith("Reason: Midlothian's outturn confirmed lower")
    assert texts[1].startswith(
        "Contribution of £1.00 from East Lothian Council to Joint improvement fund on "
        "1 December 2013: added on "
    )
    document = Document(io.BytesIO(documents.docx_bytes(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Corrections since this report was first issued" in text
    assert "Reason: Midlothian's outturn confirmed lower" in text


def test_a_withdrawn_record_is_named_and_a_later_periods_record_is_not(report_world):
    issue(report_world.partnership, Q3)
    Contribution.objects.get(organisation=report_world.east).delete()
    ContributionFactory(
        fund=JointFund.objects.get(),
        organisation=report_world.east,
        amount_pence=1_00,
        contributed_on=D(2014, 5, 1),
        financial_year=2014,
    )
    report = quarterly.gather(report_world.partnership, Q3)
    assert [c.change for c in report.corrections] == ["withdrawn"]
    assert report.corrections[0].what.startswith("Contribution of £100,000.00 from East Lothian")


def test_a_late_status_report_for_the_quarter_is_named(report_world):
    issue(report_world.partnership, Q3)
    StatusReportFactory(
        initiative=report_world.live, period_end=D(2013, 12, 31), rag="green", commentary="x"
    )
    report = quarterly.gather(report_world.partnership, Q3)
    assert [c.change for c in report.corrections] == ["added"]
    assert "Status report on Joint procurement to 31 December 2013" in report.corrections[0].what


def test_the_report_page_shows_when_it_was_generated_and_the_corrections(report_world, client_for):
    url = reverse("reports:quarter", args=["elm", 2013, 3])
    page = client_for(report_world.public).get(url).content.decode()
    assert "Figures as at 31 December 2013; generated on" in page
    assert "first issued" not in page
    issue(report_world.partnership, Q3)
    Contribution.objects.filter(organisation=report_world.mid).update(amount_pence=1)
    actual = SavingsActual.objects.get(organisation=report_world.east)
    actual.amount_pence += 1
    actual.save()
    page = client_for(report_world.public).get(url).content.decode()
    assert "This report was first issued on" in page
    assert "Corrections since this report was first issued" in page
    assert "East Lothian Council&#x27;s cashable saving delivered of £40,000.01" in page
