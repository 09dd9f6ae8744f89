"""The national-scale generator, and the number of SQL queries per page as the data grows."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from joinedup.agreements.models import Partnership
from joinedup.demo import national
from joinedup.demo.bench_pages import pages
from joinedup.meetings.models import Meeting
from joinedup.programme.models import Initiative

pytestmark = pytest.mark.django_db


def test_the_generator_writes_the_sizes_asked_for_and_the_same_data_from_the_same_seed():
    first = national.generate(scale=0.002, namespace=0)
    second = national.generate(scale=0.002, namespace=1)

    size = national.counts(0.002)
    assert first["partnerships"] == size["partnerships"] == 4
    assert (
        Meeting.objects.filter(body__partnership__slug__startswith="national-0-").count()
        == (size["meetings"])
    )
    assert first == second

    def shape(namespace):
        """Each partnership's name and its parties' codes without the namespace digit."""
        partnerships = Partnership.objects.filter(slug__startswith=f"national-{namespace}-")
        return [
            (
                p.name,
                sorted(code[2:] for code in p.parties.values_list("organisation__code", flat=True)),
            )
            for p in partnerships.order_by("pk")
        ]

    assert shape(0) == shape(1)


def test_the_command_adds_nothing_to_a_dataset_that_is_already_there(capsys):
    call_command("generate_national", scale=0.001)
    assert "partnerships" in capsys.readouterr().out
    partnerships = Partnership.objects.count()

    call_command("generate_national", scale=0.001)
    assert "already here" in capsys.readouterr().out
    assert Partnership.objects.count() == partnerships


def _queries_per_page(client, partnership):
    counted = {}
    for label, url in pages(partnership):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, f"{label} ({url}) answered {response.status_code}"
        counted[label] = len(queries)
    return counted


def test_the_number_of_queries_per_page_stays_the_same_as_the_data_grows(client):
    national.generate(scale=0.002, namespace=0)
    small = _queries_per_page(client, Partnership.objects.get(slug=national.slug(1, 0)))

    national.generate(scale=0.01, namespace=1)
    assert Initiative.objects.count() > 5 * national.counts(0.002)["initiatives"]
    large = _queries_per_page(client, Partnership.objects.get(slug=national.slug(1, 1)))

    assert large == small
