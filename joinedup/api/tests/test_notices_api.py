"""The notice board through the JSON API: the same notices, lead times and refusals as the pages."""

import datetime

import pytest
from django.utils import timezone

from joinedup.notices.models import Category
from joinedup.notices.tests.factories import AffectedAreaFactory, NoticeFactory

DECISION = datetime.date(2027, 3, 1)


def _told(days_before: int) -> datetime.datetime:
    day = DECISION - datetime.timedelta(days=days_before)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def notices(world):
    roads = NoticeFactory(
        publisher=world.essex,
        partnership=world.partnership,
        title="A120 junction improvements",
        summary="Roadworks at the junction.",
        category=Category.HIGHWAYS,
        decision_date=DECISION,
        published_at=_told(40),
    )
    AffectedAreaFactory(notice=roads, organisation=world.east, notified_at=_told(30))
    AffectedAreaFactory(notice=roads, organisation=world.mid, notified_at=_told(10))
    waste = NoticeFactory(
        publisher=world.mid,
        title="Recycling centre hours",
        summary="Winter opening of the recycling centre.",
        category=Category.WASTE,
        decision_date=DECISION,
        published_at=_told(50),
    )
    AffectedAreaFactory(notice=waste, organisation=world.east)
    draft = NoticeFactory(publisher=world.essex, draft=True, title="Secret junction closure")
    return {"roads": roads, "waste": waste, "draft": draft}


def test_anyone_reads_a_notice_with_each_areas_days_of_notice(notices, world, api):
    response = api("get", f"/notices/{notices['roads'].pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "A120 junction improvements"
    assert body["publisher_code"] == world.essex.code
    assert body["standard_days"] == 28
    areas = {area["organisation_code"]: area for area in body["areas"]}
    assert areas[world.east.code]["days_of_notice"] == 30
    assert areas[world.east.code]["is_late"] is False
    assert areas[world.mid.code]["days_of_notice"] == 10
    assert areas[world.mid.code]["is_late"] is True
    assert body["url"].endswith(f"/notices/{notices['roads'].pk}/")


def test_the_list_is_newest_first_and_filters_like_the_board(notices, world, api):
    everything = api("get", "/notices").json()
    assert [n["title"] for n in everything["items"]] == [
        "A120 junction improvements",
        "Recycling centre hours",
    ]
    assert (everything["count"], everything["more_than_count"]) == (2, False)
    by_area = api("get", f"/notices?area={world.mid.code}").json()
    assert [n["title"] for n in by_area["items"]] == ["A120 junction improvements"]
    by_publisher = api("get", f"/notices?publisher={world.mid.code}").json()
    assert [n["title"] for n in by_publisher["items"]] == ["Recycling centre hours"]
    by_category = api("get", "/notices?category=waste").json()
    assert [n["title"] for n in by_category["items"]] == ["Recycling centre hours"]
    assert api("get", "/notices?decided_from=2027-03-02").json()["items"] == []


def test_search_ranks_matches(notices, api):
    found = api("get", "/notices?q=recycling").json()
    assert [n["title"] for n in found["items"]] == ["Recycling centre hours"]
    assert found["items"][0]["rank"] > 0


def test_a_draft_is_only_for_its_own_councils_people(notices, world, api):
    draft = notices["draft"]
    for user in (None, world.east_officer, world.public):
        assert api("get", f"/notices/{draft.pk}", user=user).status_code == 404
        listed = api("get", "/notices?q=secret junction", user=user).json()
        assert listed["items"] == [] and listed["count"] == 0
    own = api("get", f"/notices/{draft.pk}", user=world.essex_officer)
    assert own.status_code == 200 and own.json()["status"] == "draft"
    listed = api("get", "/notices?q=secret junction", user=world.essex_officer).json()
    assert [n["title"] for n in listed["items"]] == ["Secret junction closure"]


@pytest.mark.parametrize(
    "query",
    ["area=NOPE", "publisher=NOPE", "category=parks", "decided_from=31-02-2027", "page=0"],
)
def test_bad_filters_are_refused_with_a_reason_naming_the_filter(notices, api, query):
    response = api("get", f"/notices?{query}")
    assert response.status_code == 422
    assert query.split("=")[0] in str(response.json()["detail"])
