"""Issue 18.1: each council's officers enter its KPI figure for a period; RAG is computed from
that figure against that council's own target and shown with the rule that gave it; a missing
figure is shown as missing, never green. Corrections keep both figures, with a reason."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from joinedup.programme import actions, kpis
from joinedup.programme.models import KpiActual, KpiPeriod, ToleranceBasis
from joinedup.programme.tests.factories import InitiativeFactory

D = datetime.date
Q1_END = D(2014, 6, 30)
MID_JULY = D(2014, 7, 15)


@pytest.fixture
def kpi(world):
    """Working days to provide cover: lower is better; East's target 2 days, Mid's 5."""
    initiative = InitiativeFactory(
        partnership=world.partnership, live=True, participants=[world.east, world.mid]
    )
    kpi = actions.add_kpi(
        initiative,
        by=world.east_officer,
        name="Working days to provide cover",
        higher_is_better=False,
        unit="working days",
        period=KpiPeriod.QUARTER,
        tolerance_basis=ToleranceBasis.RELATIVE,
        amber_tolerance=Decimal(50),
    )
    actions.set_kpi_target(
        kpi, by=world.east_officer, organisation=world.east, target=Decimal(2), unit="working days"
    )
    actions.set_kpi_target(
        kpi, by=world.mid_officer, organisation=world.mid, target=Decimal(5), unit="working days"
    )
    return kpi


def figure(kpi, by, organisation, value, period_end=Q1_END, **extra):
    return actions.record_kpi_actual(
        kpi,
        by=by,
        organisation=organisation,
        period_end=period_end,
        value=Decimal(value),
        **extra,
    )


def ratings(kpi, world, as_at=MID_JULY):
    participants = list(kpi.initiative.participants.order_by("name"))
    return {
        line.organisation.name: (line.latest[2].rag, line.latest[2].rule)
        for line in kpis.figures_for(kpi, as_at, participants)
    }


def test_the_same_figure_is_rated_against_each_councils_own_target(world, kpi):
    """3 days is red for East (target 2, amber up to 3 only if within 50%: 1 day) ... and
    green for Midlothian (target 5)."""
    figure(kpi, world.east_officer, world.east, "3")
    figure(kpi, world.mid_officer, world.mid, "3")
    assert ratings(kpi, world) == {
        "East Lothian Council": (
            "amber",
            "3 working days is above the target of 2 working days but within 50% of it "
            "(1 working days)",
        ),
        "Midlothian Council": (
            "green",
            "3 working days is at or below the target of 5 working days",
        ),
    }


def test_beyond_the_tolerance_is_red_and_a_missing_figure_is_missing_not_green(world, kpi):
    figure(kpi, world.east_officer, world.east, "3.5")
    rated = ratings(kpi, world)
    assert rated["East Lothian Council"][0] == "red"
    assert "by more than amber allows" in rated["East Lothian Council"][1]
    assert rated["Midlothian Council"] == ("missing", "No figure has been given for Q1 2014/15")


def test_an_absolute_tolerance_and_higher_is_better(world):
    initiative = InitiativeFactory(partnership=world.partnership, live=True)
    kpi = actions.add_kpi(
        initiative,
        by=world.jpm,
        name="Inspections on time",
        unit="%",
        tolerance_basis=ToleranceBasis.ABSOLUTE,
        amber_tolerance=Decimal(2),
    )
    actions.set_kpi_target(
        kpi, by=world.mid_officer, organisation=world.mid, target=Decimal(95), unit="%"
    )
    target = kpi.targets.get()
    for value, rag in (("95", "green"), ("97", "green"), ("93", "amber"), ("92.99", "red")):
        actual = KpiActual(kpi=kpi, organisation=world.mid, period_end=D(2014, 6, 30))
        actual.value = Decimal(value)
        assert kpis.rate(kpi, target, actual, D(2014, 6, 30)).rag == rag, value


def test_a_council_without_a_target_is_shown_unrated(world, kpi):
    kpi.targets.filter(organisation=world.mid).delete()
    figure(kpi, world.mid_officer, world.mid, "4")
    assert ratings(kpi, world)["Midlothian Council"][0] == "unrated"


@pytest.mark.parametrize(
    ("period", "day", "end"),
    [
        (KpiPeriod.MONTH, D(2014, 7, 15), D(2014, 6, 30)),
        (KpiPeriod.MONTH, D(2014, 7, 31), D(2014, 7, 31)),
        (KpiPeriod.QUARTER, D(2014, 8, 20), D(2014, 6, 30)),
        (KpiPeriod.QUARTER, D(2015, 2, 1), D(2014, 12, 31)),
        (KpiPeriod.YEAR, D(2015, 2, 1), D(2014, 3, 31)),
        (KpiPeriod.YEAR, D(2015, 3, 31), D(2015, 3, 31)),
    ],
)
def test_periods_end_at_month_financial_quarter_and_financial_year_ends(period, day, end):
    assert kpis.period_end_on_or_before(period, day) == end


def test_a_figure_must_be_for_the_end_of_one_of_the_kpis_periods(world, kpi):
    with pytest.raises(ValidationError) as refusal:
        figure(kpi, world.east_officer, world.east, "2", period_end=D(2014, 6, 15))
    assert "like 31 March 2014" in refusal.value.message_dict["period_end"][0]
    figure(kpi, world.east_officer, world.east, "2")
    with pytest.raises(ValidationError, match="already has a figure for Q1 2014/15"):
        figure(kpi, world.east_officer, world.east, "1")


def test_only_the_council_enters_its_own_figure_or_the_manager_naming_who_gave_it(world, kpi):
    with pytest.raises(PermissionDenied, match="Only officers of East Lothian Council"):
        figure(kpi, world.mid_officer, world.east, "2")
    with pytest.raises(PermissionDenied):
        figure(kpi, world.essex_officer, world.east, "2")
    with pytest.raises(ValidationError) as refusal:
        figure(kpi, world.jpm, world.east, "2")
    assert set(refusal.value.message_dict) == {"given_by", "given_on"}
    actual = figure(
        kpi, world.jpm, world.east, "2", given_by="Morag Fraser", given_on=D(2014, 7, 2)
    )
    assert actual.given_text.startswith("Given by Morag Fraser on 2 July 2014")
    assert not KpiActual.objects.filter(organisation=world.mid).exists()


def test_a_correction_needs_a_reason_and_the_history_keeps_both_figures(world, kpi):
    actual = figure(kpi, world.east_officer, world.east, "3")
    with pytest.raises(PermissionDenied):
        actions.correct_kpi_actual(actual, by=world.mid_officer, reason="x", value=Decimal(1))
    with pytest.raises(ValidationError) as refusal:
        actions.correct_kpi_actual(actual, by=world.east_officer, reason=" ", value=Decimal(1))
    assert "reason" in refusal.value.message_dict
    actions.correct_kpi_actual(
        actual, by=world.east_officer, reason="Two requests were counted twice", value=Decimal(2)
    )
    assert ratings(kpi, world)["East Lothian Council"][0] == "green"
    history = list(actual.history.order_by("history_date"))
    assert [h.value for h in history] == [Decimal(3), Decimal(2)]
    assert history[-1].history_change_reason == "Two requests were counted twice"
    actions.correct_kpi_actual(actual, by=world.east_officer, reason="Duplicate", withdraw=True)
    assert ratings(kpi, world)["East Lothian Council"][0] == "missing"


def test_the_initiative_page_shows_each_rating_with_its_rule_and_missing_figures(
    world, kpi, client_for
):
    latest = kpis.period_end_on_or_before(kpi.period, world.today)
    figure(kpi, world.east_officer, world.east, "3", period_end=latest)
    page = client_for(world.public).get(kpi.initiative.get_absolute_url()).content.decode()
    assert "is above the target of 2 working days but within 50% of it" in page
    assert "Missing for the period to" in page  # Midlothian's figure is not in
    assert 'role="img"' in page  # the trend chart, beside its table


def test_the_figure_form_refuses_another_councils_figure_and_saves_the_own(world, kpi, client_for):
    url = reverse("programme:kpi_actual_add", args=["elm", kpi.initiative.pk, kpi.pk])
    data = {"period_end_day": 31, "period_end_month": 3, "period_end_year": 2014, "value": "4"}
    refused = client_for(world.east_officer).post(url, data | {"organisation": world.mid.pk})
    assert 'href="#id_organisation"' in refused.content.decode()
    assert not KpiActual.objects.exists()
    saved = client_for(world.east_officer).post(url, data | {"organisation": world.east.pk})
    assert saved.status_code == 302
    assert KpiActual.objects.get().organisation == world.east


def test_the_correction_page_is_refused_to_another_councils_officer(world, kpi, client_for):
    actual = figure(kpi, world.east_officer, world.east, "3", period_end=D(2014, 3, 31))
    url = reverse(
        "programme:kpi_actual_correct", args=["elm", kpi.initiative.pk, kpi.pk, actual.pk]
    )
    assert client_for(world.mid_officer).post(url, {"value": "1", "reason": "x"}).status_code == 403
    response = client_for(world.east_officer).post(url, {"value": "2", "reason": "Miscounted"})
    assert response.status_code == 302
    actual.refresh_from_db()
    assert (actual.value, actual.correction_reason) == (Decimal(2), "Miscounted")


def test_the_api_takes_a_councils_figure_and_answers_with_its_rating(world, kpi, api):
    path = f"/partnerships/elm/initiatives/{kpi.initiative.pk}/kpi-figures"
    body = {"kpi_id": kpi.pk, "organisation_code": world.east.code, "period_end": "2014-03-31"}
    refused = api("post", path, user=world.mid_officer, body=body | {"value": "3"})
    assert refused.status_code == 403
    response = api("post", path, user=world.east_officer, body=body | {"value": "3"})
    assert response.status_code == 201, response.content
    assert (response.json()["rag"], response.json()["value"]) == ("amber", "3")
    assert "within 50% of it" in response.json()["rule"]


def test_the_trend_chart_draws_each_councils_figures_and_says_them_in_words(world, kpi):
    figure(kpi, world.east_officer, world.east, "3", period_end=D(2014, 3, 31))
    figure(kpi, world.east_officer, world.east, "2", period_end=D(2014, 6, 30))
    figure(kpi, world.mid_officer, world.mid, "6", period_end=D(2014, 6, 30))
    participants = list(kpi.initiative.participants.order_by("name"))
    councils = kpis.figures_for(kpi, D(2014, 7, 15), participants)
    chart = kpis.trend_chart(kpi, councils)
    assert [len(line.points) for line in chart.lines] == [2, 1]
    assert "East Lothian Council, Q4 2013/14: 3 (Amber)" in chart.description
    assert "Midlothian Council, Q1 2014/15: 6 (Amber)" in chart.description
    east = chart.lines[0].points
    assert east[0].y < east[1].y  # 3 days is drawn higher than 2
    assert kpis.trend_chart(kpi, kpis.figures_for(kpi, D(2010, 7, 15), participants)) is None


def upload_url(kpi):
    return reverse("programme:kpi_upload", args=["elm", kpi.initiative.pk, kpi.pk])


def csv_file(text, name="figures.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_csv_of_figures_is_recorded_whole(world, kpi, client_for):
    text = (
        "council,period end,figure,note\nS12000010,2014-03-31,3,\nS12000010,30/06/2014,2,Better\n"
    )
    response = client_for(world.east_officer).post(upload_url(kpi), {"file": csv_file(text)})
    assert response.status_code == 302
    assert list(KpiActual.objects.values_list("period_end", "value")) == [
        (D(2014, 3, 31), Decimal(3)),
        (D(2014, 6, 30), Decimal(2)),
    ]


def test_a_bad_file_is_refused_row_by_row_and_nothing_is_written(world, kpi, client_for):
    text = (
        "council,period end,figure\n"
        "S12000010,2014-03-31,3\n"
        "Nowhere Council,2014-03-31,3\n"
        "S12000010,2014-13-45,lots\n"
        "S12000019,2014-03-31,4\n"
    )
    response = client_for(world.east_officer).post(upload_url(kpi), {"file": csv_file(text)})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_file"' in page
    assert "Nowhere Council” is not a council taking part" in page
    assert "Enter a date, like 2014-06-30" in page and "Enter a number" in page
    assert not KpiActual.objects.exists()


def test_a_file_with_another_councils_figure_is_refused_whole(world, kpi, client_for):
    text = "council,period end,figure\nS12000010,2014-03-31,3\nS12000019,2014-03-31,4\n"
    response = client_for(world.east_officer).post(upload_url(kpi), {"file": csv_file(text)})
    page = response.content.decode()
    assert "Only officers of Midlothian Council" in page
    assert not KpiActual.objects.exists()


def test_an_xlsx_of_figures_is_read_too(world, kpi, client_for):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Council", "Period end", "Figure"])
    sheet.append(["Midlothian Council", datetime.datetime(2014, 3, 31), 4.5])
    buffer = __import__("io").BytesIO()
    workbook.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("figures.xlsx", buffer.getvalue())
    response = client_for(world.mid_officer).post(upload_url(kpi), {"file": upload})
    assert response.status_code == 302
    assert KpiActual.objects.get().value == Decimal("4.5")
