"""Popolo-style open data for a joint body: the body, the councils it draws on, its seats,
its members and their memberships (https://www.popoloproject.com/specs/).

People are public office holders: their names and posts are published, never their email
addresses or telephone numbers (each council controls those, 003 §1.8).

Other apps add sections without this module knowing them: the meetings app registers an
`events` section with `@popolo.section("events")`, a function from a body to a list.

`partnership_document` puts every body of a partnership in one document.
"""

import datetime
from collections.abc import Callable

from django.db.models import Prefetch
from django.utils import timezone

from joinedup.organisations.models import Post

from .models import Body, Membership

SECTIONS: dict[str, Callable[[Body], list]] = {}


def section(name: str):
    """Register a function that adds a list under `name` to every body's document."""

    def register(builder: Callable[[Body], list]):
        SECTIONS[name] = builder
        return builder

    return register


def body_id(body: Body) -> str:
    return f"body-{body.pk}"


def organisation_id(organisation) -> str:
    return f"gss:{organisation.code}"


def person_id(person) -> str:
    return f"person-{person.pk}"


def _date(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def document(body: Body, *, on: datetime.date | None = None) -> dict:
    """The body as a Popolo document: organizations, posts, persons and memberships."""
    on = on or timezone.localdate()
    memberships = list(
        Membership.objects.filter(body=body)
        .select_related("organisation", "seat")
        .prefetch_related(
            "person",
            Prefetch("person__posts", queryset=Post.objects.order_by("kind", "pk")),
        )
        .order_by("organisation__name", "role", "person__name", "pk")
    )
    councils = {p.organisation.pk: p.organisation for p in body.partnership.parties.all()}
    councils.update({m.organisation.pk: m.organisation for m in memberships})
    persons = {m.person.pk: m.person for m in memberships}
    organizations = [_body(body)] + [
        {
            "id": organisation_id(organisation),
            "name": organisation.name,
            "classification": organisation.get_kind_display(),
            "identifiers": [{"scheme": "gss", "identifier": organisation.code}],
        }
        for organisation in sorted(councils.values(), key=lambda o: o.name)
    ]
    result = {
        "organizations": organizations,
        "posts": [
            {
                "id": f"seat-{seat.pk}",
                "label": seat.description,
                "role": seat.get_role_display(),
                "organization_id": body_id(body),
                "other_label": seat.describe(),
            }
            for seat in body.seats.select_related("organisation")
        ],
        "persons": [
            {
                "id": person_id(person),
                "name": person.name,
                "posts": [
                    post.title or post.get_kind_display()
                    for post in person.posts.all()
                    if post.ended_on is None or post.ended_on >= on
                ],
            }
            for person in sorted(persons.values(), key=lambda p: p.name)
        ],
        "memberships": [
            {
                "id": f"membership-{m.pk}",
                "person_id": person_id(m.person),
                "organization_id": body_id(body),
                "on_behalf_of_id": organisation_id(m.organisation),
                "post_id": f"seat-{m.seat_id}" if m.seat_id else None,
                "role": m.get_role_display(),
                "label": m.voting_label,
                "start_date": _date(m.started_on),
                "end_date": _date(m.ended_on),
            }
            for m in memberships
        ],
    }
    for name, builder in SECTIONS.items():
        result[name] = builder(body)
    return result


def _body(body: Body) -> dict:
    data = {
        "id": body_id(body),
        "name": body.name,
        "classification": body.get_kind_display(),
        "other_names": [{"name": body.short_name}] if body.short_name else [],
        "description": body.purpose,
        "rules": body.describe_rules(),
    }
    if body.reports_to_id:
        data["parent_id"] = body_id(body.reports_to)
    return data


def partnership_document(partnership, *, on: datetime.date | None = None) -> dict:
    """Every body of the partnership in one Popolo document: each organization and person
    once, every body's posts, memberships and registered sections (events) together."""
    on = on or timezone.localdate()
    result: dict[str, list] = {
        "organizations": [],
        "posts": [],
        "persons": [],
        "memberships": [],
        **{name: [] for name in SECTIONS},
    }
    seen: dict[str, set] = {"organizations": set(), "persons": set()}
    bodies = Body.objects.filter(partnership=partnership).select_related(
        "partnership", "reports_to"
    )
    for body in bodies.order_by("name", "pk"):
        for name, entries in document(body, on=on).items():
            for entry in entries:
                if name in seen:
                    if entry["id"] in seen[name]:
                        continue
                    seen[name].add(entry["id"])
                result.setdefault(name, []).append(entry)
    # The bodies first, then the councils they draw on.
    result["organizations"].sort(key=lambda o: (not o["id"].startswith("body-"), o["name"]))
    return result
