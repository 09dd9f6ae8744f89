"""The programme's pages, from both sides: what each role may read and do, and what it may not.

Every page fetched goes through the page checker in conftest.py (one <h1>, a <title> that
starts with it, no duplicate ids).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from joinedup.organisations.models import Consent
from joinedup.programme.models import (
    BusinessCase,
    Initiative,
    KpiTarget,
    ReviewKind,
    Status,
    StatusReport,
)
from joinedup.programme.tests.factories import (
    InitiativeFactory,
    KpiFactory,
    KpiTargetFactory,
    StatusReportFactory,
    add_programme,
)

D = datetime.date


@pytest.fixture
def programme(world):
    return add_programme(world)


def url(name, world, **extra):
    initiative = extra.pop("initiative", world.initiative)
    args = [initiative.partnership.slug]
    if name not in ("programme", "exceptions", "initiative_create"):
        args.append(initiative.pk)
    args += extra.pop("more", [])
    return reverse(f"programme:{name}", args=args)


def date(prefix, day: datetime.date) -> dict:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


# Reading ----------------------------------------------------------------------------------


def test_anyone_reads_a_published_partnerships_programme(programme, client_for):
    page = client_for(None).get(url("programme", programme)).content.decode()
    assert "Environmental health partnership" in page
    assert "Midlothian Council" in page
    assert "Propose an initiative" not in page


@pytest.mark.parametrize("name", ["programme", "exceptions", "initiative"])
def test_an_unpublished_partnerships_programme_is_hidden_from_everyone_outside_it(
    programme, client_for, name
):
    hidden = url(name, programme, initiative=programme.hidden_initiative)
    for user in (None, programme.public, programme.east_officer, programme.essex_officer):
        assert client_for(user).get(hidden).status_code == 404
    for user in (programme.mid_officer, programme.mid_member, programme.admin):
        response = client_for(user).get(hidden)
        assert response.status_code == 200
    assert "Unpublished partnership" in response.content.decode()


def test_the_programme_is_filtered_by_stage_council_and_service_area(programme, client_for):
    InitiativeFactory(
        partnership=programme.partnership,
        title="Trading standards partnership",
        service_area="trading_standards",
        live=True,
    )
    client = client_for(None)
    page = client.get(url("programme", programme), {"status": "live"}).content.decode()
    assert "Trading standards partnership" in page
    assert "Environmental health partnership" not in page
    page = client.get(
        url("programme", programme), {"service_area": "environmental_health"}
    ).content.decode()
    assert "Environmental health partnership" in page
    assert "Trading standards partnership" not in page
    page = client.get(url("programme", programme), {"council": "S12000010"}).content.decode()
    assert "Environmental health partnership" in page
    assert "Trading standards partnership" in page
    page = client.get(url("programme", programme), {"council": "E10000012"}).content.decode()
    assert "Choose a council from the list" in page


@pytest.mark.parametrize(
    "query",
    [
        {"status": "nonsense"},
        {"council": "<script>"},
        {"service_area": "x" * 500},
        {"status": ["live", "pilot"]},
        {"unrelated": "1"},
    ],
    ids=["unknown-stage", "markup-as-council", "very-long-value", "repeated", "unknown-parameter"],
)
def test_bad_filters_are_shown_not_a_server_error(programme, client_for, query):
    response = client_for(None).get(url("programme", programme), query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_an_initiative_page_tells_its_whole_story(programme, client_for):
    initiative = programme.initiative
    KpiTargetFactory(kpi=programme.kpi, organisation=programme.mid, target=97, unit="%")
    StatusReportFactory(
        initiative=initiative, period_end=D(2014, 3, 31), amber=True, commentary="Vacancy in EH"
    )
    page = client_for(None).get(url("initiative", programme)).content.decode()
    for text in (
        "Shared management",  # the continuum
        "Midlothian Council",  # the lead
        "until 31 October 2014",  # temporary, end agreed at the outset
        "Services stay resilient in both councils",  # outcome
        "9 September 2013",  # lifecycle dates
        "Approved on 9 September 2013",
        "from 1 November 2013 to 31 October 2014",
        "30 April 2014",  # interim review
        "Food hygiene inspections on time",
        "97%",
        "No target set",  # East Lothian has none yet
        "Vacancy in EH",
    ):
        assert text in page, text
    assert "Record a council" not in page
    assert "Recorded by" not in page, "the public does not see who recorded changes"


def test_the_approval_table_shows_who_is_awaited(programme, client_for):
    initiative = InitiativeFactory(partnership=programme.partnership, business_case=True)
    Consent.objects.filter(
        request=initiative.business_case.approval_request, organisation=programme.east
    ).update(given_on=D(2013, 9, 10), given_through="Cabinet", reference="ELC/2013/88")
    page = client_for(None).get(url("initiative", programme, initiative=initiative))
    rows = approval_rows(page.content.decode())
    assert rows == [
        "East Lothian Council | Approved on 10 September 2013 | Cabinet | ELC/2013/88",
        "Midlothian Council | Awaited |  |",
    ]


def approval_rows(html: str) -> list[str]:
    """The approval table's rows as text, cells joined by |."""
    import re

    table = html.split("Approval by each participating council asked", 1)[1].split("</table>")[0]
    rows = []
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table, re.S)[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append(" | ".join(" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells).strip())
    return rows


def test_an_unpublished_business_case_is_read_only_inside_the_partnership(programme, client_for):
    initiative = InitiativeFactory(partnership=programme.partnership, business_case=True)
    BusinessCase.objects.filter(initiative=initiative).update(
        is_published=False, summary="Confidential staffing proposal"
    )
    page_url = url("initiative", programme, initiative=initiative)
    for user in (None, programme.public, programme.essex_officer):
        page = client_for(user).get(page_url).content.decode()
        assert "Confidential staffing proposal" not in page
        assert "It has not been published" in page
        assert "Awaited" in page, "who has approved is public"
    for user in (programme.east_officer, programme.mid_member, programme.jpm, programme.admin):
        assert "Confidential staffing proposal" in client_for(user).get(page_url).content.decode()
    history = reverse("audit:history", args=["programme.businesscase", initiative.business_case.pk])
    assert client_for(programme.essex_officer).get(history).status_code == 404
    assert client_for(programme.east_officer).get(history).status_code == 200


def test_the_initiatives_history_is_kept(programme, client_for):
    history = reverse("audit:history", args=["programme.initiative", programme.initiative.pk])
    assert client_for(None).get(history).status_code == 200
    hidden = reverse("audit:history", args=["programme.initiative", programme.hidden_initiative.pk])
    assert client_for(programme.essex_officer).get(hidden).status_code == 404


def test_an_initiative_in_another_partnership_is_not_found_under_this_one(programme, client_for):
    other = InitiativeFactory(title="Elsewhere")
    wrong = reverse("programme:initiative", args=[programme.partnership.slug, other.pk])
    assert client_for(programme.admin).get(wrong).status_code == 404
    missing = reverse("programme:initiative", args=[programme.partnership.slug, 999999])
    assert client_for(None).get(missing).status_code == 404


def test_the_exceptions_page_lists_red_and_amber(programme, client_for):
    StatusReportFactory(
        initiative=programme.initiative, period_end=D(2014, 3, 31), red=True, commentary="Behind"
    )
    page = client_for(programme.jpm).get(url("exceptions", programme)).content.decode()
    assert "Environmental health partnership" in page
    assert "Rated red for the period to 31 March 2014" in page
    assert "End-of-pilot decision was due on 31 October 2014" in page


# Changing: who may, from both sides ------------------------------------------------------

CHANGE_PAGES = [
    ("initiative_create", {}),
    ("initiative_status", {}),
    ("business_case", {}),
    ("approval_add", {}),
    ("pilot_start", {}),
    ("review_record", {"review": True}),
    ("kpi_add", {}),
    ("kpi_target", {"kpi": True}),
    ("status_report_add", {}),
]


def change_url(name, options, world):
    more = []
    if options.get("review"):
        more = [world.review.pk]
    if options.get("kpi"):
        more = [world.kpi.pk]
    return url(name, world, more=more)


@pytest.mark.parametrize(("name", "options"), CHANGE_PAGES, ids=[n for n, _ in CHANGE_PAGES])
def test_another_councils_officer_and_the_public_cannot_change_the_programme(
    programme, client_for, name, options
):
    page = change_url(name, options, programme)
    assert client_for(None).get(page).status_code == 302
    for user in (programme.essex_officer, programme.public, programme.mid_member):
        client = client_for(user)
        assert client.get(page).status_code == 403, user
        assert client.post(page, {"title": "Taken over", "name": "x"}).status_code == 403
    assert Initiative.objects.filter(title="Taken over").count() == 0


@pytest.mark.parametrize(("name", "options"), CHANGE_PAGES, ids=[n for n, _ in CHANGE_PAGES])
def test_participants_and_managers_see_every_change_page(programme, client_for, name, options):
    page = change_url(name, options, programme)
    for user in (programme.east_officer, programme.mid_officer, programme.jpm, programme.admin):
        assert client_for(user).get(page).status_code == 200, user


def test_a_change_page_of_an_unpublished_partnership_is_not_found_by_outsiders(
    programme, client_for
):
    page = url("kpi_add", programme, initiative=programme.hidden_initiative)
    assert client_for(programme.east_officer).get(page).status_code == 404
    assert client_for(programme.essex_officer).get(page).status_code == 404
    assert client_for(programme.mid_officer).get(page).status_code == 200


def test_an_officer_of_a_party_not_taking_part_gets_403(programme, client_for):
    from joinedup.agreements.tests.factories import PartyFactory
    from joinedup.organisations.tests.factories import OrganisationFactory, UserFactory

    third = OrganisationFactory(name="Third Council")
    PartyFactory(partnership=programme.partnership, organisation=third)
    officer = UserFactory(organisation=third)
    assert client_for(officer).get(url("kpi_add", programme)).status_code == 403
    assert client_for(officer).get(url("initiative", programme)).status_code == 200
    assert client_for(officer).get(url("initiative_create", programme)).status_code == 200


# Changing: the journeys -----------------------------------------------------------------


def test_proposing_an_initiative(programme, client_for):
    response = client_for(programme.east_officer).post(
        url("initiative_create", programme),
        {
            "title": "Trading standards partnership",
            "summary": "East Lothian leads trading standards for both councils.",
            "service_area": "trading_standards",
            "arrangement_type": "shared_management",
            "lead": programme.east.pk,
            "participants": [programme.east.pk, programme.mid.pk],
            "duration": "temporary",
            **date("starts_on", D(2013, 11, 1)),
            **date("ends_on", D(2014, 10, 31)),
            "outcomes": "Continuity of service delivery\n\nLong term service resilience\n",
            **date("proposed_on", D(2013, 7, 15)),
        },
    )
    initiative = Initiative.objects.get(title="Trading standards partnership")
    assert response["Location"] == initiative.get_absolute_url()
    assert initiative.status == Status.IDEA
    assert initiative.lead == programme.east
    assert [o.description for o in initiative.outcomes.all()] == [
        "Continuity of service delivery",
        "Long term service resilience",
    ]
    assert initiative.lifecycle[0].changed_on == D(2013, 7, 15)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"duration": "temporary"}, "ends_on", "Enter the date the arrangement ends"),
        ({"participants": []}, "participants", "Select the participating councils"),
        ({"outcomes": "  \n "}, "outcomes", "Enter the outcomes agreed in advance"),
        ({"lead": ""}, "lead", "Choose the lead or host council"),
        ({"starts_on_month": "13"}, "starts_on", "must be a real date"),
    ],
    ids=[
        "temporary-without-an-end-date",
        "no-participants",
        "no-outcomes",
        "joint-service-without-a-host",
        "impossible-date",
    ],
)
def test_a_proposal_with_a_mistake_names_the_field(programme, client_for, change, field, message):
    data = {
        "title": "Joint contact centre",
        "service_area": "contact_centre",
        "arrangement_type": "joint_service",
        "lead": programme.east.pk,
        "participants": [programme.east.pk, programme.mid.pk],
        "duration": "permanent",
        **date("starts_on", D(2010, 4, 1)),
        "outcomes": "Out of hours calls answered",
        **date("proposed_on", D(2010, 1, 1)),
    }
    data.update(change)
    response = client_for(programme.mid_officer).post(url("initiative_create", programme), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'href="#id_{field}' in page
    assert not Initiative.objects.filter(title="Joint contact centre").exists()


def test_an_officer_proposes_only_with_their_own_council_taking_part(programme, client_for):
    from joinedup.agreements.tests.factories import PartyFactory
    from joinedup.organisations.tests.factories import OrganisationFactory

    third = OrganisationFactory(name="Third Council")
    PartyFactory(partnership=programme.partnership, organisation=third)
    response = client_for(programme.east_officer).post(
        url("initiative_create", programme),
        {
            "title": "Not ours",
            "service_area": "audit",
            "arrangement_type": "sharing_information",
            "participants": [programme.mid.pk, third.pk],
            "duration": "permanent",
            "outcomes": "Shared audit plans",
            **date("proposed_on", D(2014, 1, 1)),
        },
    )
    assert "Your own council must take part" in response.content.decode()
    assert not Initiative.objects.filter(title="Not ours").exists()


def test_from_idea_to_pilot_through_the_pages(programme, client_for):
    initiative = InitiativeFactory(partnership=programme.partnership, title="Trading standards")
    page = lambda name, **kw: url(name, programme, initiative=initiative, **kw)  # noqa: E731
    east, mid = client_for(programme.east_officer), client_for(programme.mid_officer)
    response = east.post(
        page("business_case"),
        {
            "summary": "East Lothian leads trading standards",
            "costs": "Met within existing budgets",
            "benefits": "Resilience",
            **date("submitted_on", D(2013, 8, 1)),
        },
    )
    assert response.status_code == 302
    form = east.get(page("approval_add")).content.decode()
    assert "East Lothian Council" in form and f'value="{programme.mid.pk}"' not in form
    refused = east.post(
        page("approval_add"),
        {
            "organisation": programme.mid.pk,
            "body_name": "Cabinet",
            **date("decided_on", D(2013, 9, 9)),
            "decision_reference": "X",
        },
    )
    assert "Choose a council whose approval you can record" in refused.content.decode()
    for client, council, day in ((east, programme.east, 9), (mid, programme.mid, 10)):
        response = client.post(
            page("approval_add"),
            {
                "organisation": council.pk,
                "body_name": "Cabinet",
                **date("decided_on", D(2013, 9, day)),
                "decision_reference": f"CAB-{day}",
            },
        )
        assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED
    stages = east.get(page("initiative_status")).content.decode()
    assert 'value="live"' in stages and 'value="pilot"' not in stages
    response = east.post(
        page("pilot_start"),
        {**date("starts_on", D(2013, 11, 1)), "length_months": 12, "interim_review_months": 6},
    )
    assert response.status_code == 302
    story = client_for(None).get(page("initiative")).content.decode()
    assert "Midlothian Council | Approved on 10 September 2013 | Cabinet | CAB-10" in (
        approval_rows(story)
    )
    assert "30 April 2014" in story and "31 October 2014" in story


def test_the_manager_records_a_councils_approval_for_it(programme, client_for):
    initiative = InitiativeFactory(partnership=programme.partnership, business_case=True)
    form = client_for(programme.jpm).get(url("approval_add", programme, initiative=initiative))
    text = form.content.decode()
    assert f'value="{programme.east.pk}"' in text and f'value="{programme.mid.pk}"' in text


def test_a_second_approval_from_one_council_is_not_offered_or_counted(programme, client_for):
    initiative = InitiativeFactory(partnership=programme.partnership, business_case=True)
    data = {
        "organisation": programme.east.pk,
        "body_name": "Cabinet",
        **date("decided_on", D(2013, 9, 9)),
        "decision_reference": "A",
        "given_by_name": "Cllr Named Leader",
    }
    client = client_for(programme.jpm)
    assert (
        client.post(url("approval_add", programme, initiative=initiative), data).status_code == 302
    )
    again = client.post(url("approval_add", programme, initiative=initiative), data)
    assert again.status_code == 200
    assert (
        Consent.objects.filter(
            request__business_case__initiative=initiative, given_on__isnull=False
        ).count()
        == 1
    )


def test_the_stage_form_refuses_a_stage_not_offered(programme, client_for):
    response = client_for(programme.jpm).post(
        url("initiative_status", programme),
        {"status": "closed", **date("changed_on", D(2014, 11, 1))},
    )
    assert "Choose one of the stages offered" in response.content.decode()
    assert Initiative.objects.get(pk=programme.initiative.pk).status == Status.PILOT


def test_dropping_through_the_page_needs_a_reason(programme, client_for):
    response = client_for(programme.jpm).post(
        url("initiative_status", programme),
        {"status": "dropped", **date("changed_on", D(2014, 5, 1))},
    )
    assert 'href="#id_reason"' in response.content.decode()
    response = client_for(programme.jpm).post(
        url("initiative_status", programme),
        {"status": "dropped", **date("changed_on", D(2014, 5, 1)), "reason": "No savings"},
    )
    assert response.status_code == 302
    assert Initiative.objects.get(pk=programme.initiative.pk).status == Status.DROPPED


def test_kpis_and_per_council_targets_through_the_pages(programme, client_for):
    client = client_for(programme.east_officer)
    response = client.post(
        url("kpi_add", programme),
        {"name": "Complaints answered", "description": "", "higher_is_better": ""},
    )
    assert response.status_code == 302
    kpi = programme.initiative.kpis.get(name="Complaints answered")
    assert kpi.higher_is_better is False
    # Each council sets its own target (issue 13.6): Midlothian's officer sets Midlothian's.
    for council, target, officer in (
        (programme.east, "10", client),
        (programme.mid, "15", client_for(programme.mid_officer)),
    ):
        response = officer.post(
            url("kpi_target", programme, more=[kpi.pk]),
            {"organisation": council.pk, "target": target, "unit": "working days"},
        )
        assert response.status_code == 302
    assert {t.organisation: t.display_target for t in KpiTarget.objects.filter(kpi=kpi)} == {
        programme.east: "10 working days",
        programme.mid: "15 working days",
    }
    bad = client.post(
        url("kpi_target", programme, more=[kpi.pk]),
        {"organisation": programme.essex.pk, "target": "lots", "unit": ""},
    )
    assert bad.status_code == 200
    assert 'href="#id_organisation"' in bad.content.decode()


def test_a_kpi_of_another_initiative_is_not_found(programme, client_for):
    other = KpiFactory(initiative=InitiativeFactory(partnership=programme.partnership, live=True))
    response = client_for(programme.jpm).get(url("kpi_target", programme, more=[other.pk]))
    assert response.status_code == 404
    review = programme.hidden_initiative  # no pilot: any review id under it is not found
    response = client_for(programme.admin).get(
        url("review_record", programme, initiative=review, more=[programme.review.pk])
    )
    assert response.status_code == 404


def test_adding_a_status_report_and_recording_a_review(programme, client_for):
    client = client_for(programme.mid_officer)
    response = client.post(
        url("status_report_add", programme),
        {**date("period_end", D(2014, 3, 31)), "rag": "amber", "commentary": "Recruiting"},
    )
    assert response.status_code == 302
    report = StatusReport.objects.get(initiative=programme.initiative)
    assert (report.rag, report.author) == ("amber", programme.mid_officer)
    response = client.post(
        url("review_record", programme, more=[programme.review.pk]),
        {**date("held_on", D(2014, 5, 12)), "conclusion": "Continue to the end"},
    )
    assert response.status_code == 302
    review = programme.initiative.pilot.reviews.get(kind=ReviewKind.INTERIM)
    assert review.held_on == D(2014, 5, 12)


def test_a_status_report_form_for_an_idea_explains_instead(programme, client_for):
    idea = InitiativeFactory(partnership=programme.partnership)
    page = url("status_report_add", programme, initiative=idea)
    assert "initiatives under way" in client_for(programme.jpm).get(page).content.decode()
    response = client_for(programme.jpm).post(
        page, {**date("period_end", D(2014, 3, 31)), "rag": "red", "commentary": "x"}
    )
    assert response.status_code == 200
    assert not StatusReport.objects.filter(initiative=idea).exists()


# Speed ------------------------------------------------------------------------------------


def _queries(client, page) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def test_the_programme_page_takes_the_same_queries_however_many_initiatives(
    programme, client_for, django_assert_num_queries
):
    client = client_for(None)
    page = url("programme", programme)
    count = _queries(client, page)
    for _ in range(5):
        initiative = InitiativeFactory(partnership=programme.partnership, live=True)
        StatusReportFactory(initiative=initiative, period_end=D(2014, 3, 31))
    with django_assert_num_queries(count):
        client.get(page)


def test_the_initiative_page_takes_the_same_queries_however_much_it_holds(
    programme, client_for, django_assert_num_queries
):
    client = client_for(programme.jpm)
    page = url("initiative", programme)
    count = _queries(client, page)
    for n in range(4):
        kpi = KpiFactory(initiative=programme.initiative)
        KpiTargetFactory(kpi=kpi, organisation=programme.east)
        KpiTargetFactory(kpi=kpi, organisation=programme.mid)
        StatusReportFactory(initiative=programme.initiative, period_end=D(2014, 1 + n, 28))
    with django_assert_num_queries(count):
        client.get(page)


def test_the_partnership_page_links_to_its_programme(programme, client_for):
    page = client_for(None).get(reverse("agreements:partnership", args=["elm"])).content.decode()
    assert url("programme", programme) in page
