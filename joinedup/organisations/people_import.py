"""Import a council's people and their posts from a CSV or XLSX file.

Each council controls its own people's personal data (seed 003 §1.8), so only that council's
officers (or an administrator) may import them, and only into that council. The file needs a
name column; email, telephone, post (the kind, like "Director" or "Cabinet member"), post
title, start date and end date are optional. A person already in the council is found by
email address, or else by name, and updated; a post is found by its kind, title and start
date, and its end date updated. Every row is checked first: one bad row rejects the file,
naming the row and the column, and nothing is written. `dry_run=True` writes nothing and
says what would happen.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from . import permissions
from .models import Organisation, Person, Post, PostKind
from .tables import TableError, read_rows

MAX_FILE_BYTES = 5 * 1024 * 1024
HEADERS = {
    "name": {"name", "full name", "person", "officer name", "member name", "councillor"},
    "email": {"email", "email address", "e mail", "e mail address"},
    "phone": {"phone", "telephone", "telephone number", "phone number", "tel"},
    "kind": {"post", "post kind", "kind of post", "role", "position type", "type"},
    "title": {"post title", "job title", "title", "position"},
    "started_on": {"start date", "started on", "from", "appointed on", "date appointed"},
    "ended_on": {"end date", "ended on", "to", "left on"},
}
LABELS = {
    "name": "Name",
    "email": "Email",
    "phone": "Telephone",
    "kind": "Post",
    "title": "Post title",
    "started_on": "Start date",
    "ended_on": "End date",
}
KINDS = {label.lower(): value for value, label in PostKind.choices}
KINDS.update({value.replace("_", " "): value for value in PostKind.values})
KINDS.update({"councillor": PostKind.ELECTED_MEMBER, "leader": PostKind.LEADER})


class NotAllowed(Exception):
    """The user may not import people into this organisation."""


class PeopleRejected(Exception):
    def __init__(self, report):
        self.report = report
        super().__init__(report.summary())


@dataclass
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self):
        return f"Row {self.row}" + (f", {self.column}" if self.column else "") + f": {self.message}"


@dataclass
class PeopleReport:
    people_created: int = 0
    people_updated: int = 0
    posts_created: int = 0
    posts_updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        if self.problems:
            lines = [f"File rejected: {len(self.problems)} problem(s), nothing was written."]
            return "\n".join(lines + [str(problem) for problem in self.problems])
        would = "Dry run, nothing written: would be " if self.dry_run else ""
        return (
            f"{would}{self.people_created} people added, {self.people_updated} updated; "
            f"{self.posts_created} posts added, {self.posts_updated} updated; "
            f"{self.unchanged} rows unchanged."
        )


def _normalise(text) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", str(text or "").lower()))


def _date(text: str) -> datetime.date | None:
    text = text.strip()
    if not text:
        return None
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = (int(part) for part in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(f"'{text}' is not a date like 31/03/2027 or 2027-03-31")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


@dataclass
class Row:
    number: int
    values: dict


def parse(data: bytes) -> tuple[list[Row], PeopleReport]:
    report = PeopleReport()
    try:
        table, _ = read_rows(data, MAX_FILE_BYTES)
    except TableError as error:
        report.problems.append(RowProblem(error.line or 1, "", str(error)))
        return [], report
    header = table[0] if table else []
    columns = {}
    for position, text in enumerate(header):
        name = next((n for n, words in HEADERS.items() if _normalise(text) in words), None)
        if name and name not in columns:
            columns[name] = position
    if "name" not in columns:
        report.problems.append(RowProblem(1, "", "The header row has no name column"))
        return [], report
    report.columns = {LABELS[name]: header[position].strip() for name, position in columns.items()}
    rows, seen = [], {}
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(name, cells=cells):
            position = columns.get(name)
            return cells[position].strip() if position is not None and position < len(cells) else ""

        values = {
            name: re.sub(r"\s+", " ", cell(name)) for name in ("name", "email", "phone", "title")
        }
        problems = []
        if not values["name"]:
            problems.append(RowProblem(number, "Name", "is empty"))
        for name, limit in (("name", 200), ("phone", 40), ("title", 200)):
            if len(values[name]) > limit:
                problems.append(
                    RowProblem(number, LABELS[name], f"is longer than {limit} characters")
                )
        if values["email"]:
            try:
                validate_email(values["email"])
            except ValidationError:
                problems.append(
                    RowProblem(number, "Email", f"'{values['email']}' is not an email address")
                )
        kind_text = cell("kind")
        values["kind"] = None
        if kind_text:
            values["kind"] = KINDS.get(_normalise(kind_text))
            if values["kind"] is None:
                problems.append(
                    RowProblem(number, "Post", f"'{kind_text}' is not a kind of post we know")
                )
        elif values["title"]:
            values["kind"] = PostKind.OTHER
        for name in ("started_on", "ended_on"):
            try:
                values[name] = _date(cell(name))
            except ValueError as error:
                problems.append(RowProblem(number, LABELS[name], str(error)))
        starts, ends = values.get("started_on"), values.get("ended_on")
        if starts and ends and ends < starts:
            problems.append(RowProblem(number, "End date", "is before the start date"))
        identity = (values["email"] or values["name"]).lower(), values["kind"], values["title"]
        if not problems and identity in seen:
            problems.append(RowProblem(number, "", f"repeats row {seen[identity]}"))
        seen.setdefault(identity, number)
        report.problems.extend(problems)
        if not problems:
            rows.append(Row(number, values))
    return rows, report


class _DryRun(Exception):
    pass


def import_people(user, organisation: Organisation, data: bytes, *, dry_run=False) -> PeopleReport:
    """Create or update the council's people and posts, all or nothing."""
    if not permissions.can_add_person(user, organisation):
        raise NotAllowed(
            "Only the council's own officers can import its people: it controls their data"
        )
    rows, report = parse(data)
    report.dry_run = dry_run
    if report.problems:
        raise PeopleRejected(report)
    try:
        with transaction.atomic():
            _write(organisation, rows, report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _write(organisation, rows, report):
    people = list(organisation.people.prefetch_related("posts"))
    by_email = {p.email.lower(): p for p in people if p.email}
    by_name = {p.name.lower(): p for p in people}
    for row in rows:
        values = row.values
        person = (values["email"] and by_email.get(values["email"].lower())) or by_name.get(
            values["name"].lower()
        )
        changed = False
        if person is None:
            person = Person.objects.create(
                organisation=organisation,
                name=values["name"],
                email=values["email"],
                phone=values["phone"],
            )
            by_name[person.name.lower()] = person
            if person.email:
                by_email[person.email.lower()] = person
            report.people_created += 1
            changed = True
            posts = []
        else:
            wanted = {k: values[k] for k in ("name", "email", "phone") if values[k]}
            updates = {k: v for k, v in wanted.items() if getattr(person, k) != v}
            if updates:
                for key, value in updates.items():
                    setattr(person, key, value)
                person.save()
                report.people_updated += 1
                changed = True
            posts = list(person.posts.all())
        if values["kind"]:
            post = next(
                (
                    p
                    for p in posts
                    if p.kind == values["kind"]
                    and p.title == values["title"]
                    and (p.started_on == values["started_on"] or not values["started_on"])
                ),
                None,
            )
            if post is None:
                Post.objects.create(
                    person=person,
                    kind=values["kind"],
                    title=values["title"],
                    started_on=values["started_on"],
                    ended_on=values["ended_on"],
                )
                report.posts_created += 1
                changed = True
            elif values["ended_on"] and post.ended_on != values["ended_on"]:
                post.ended_on = values["ended_on"]
                post.save()
                report.posts_updated += 1
                changed = True
        if not changed:
            report.unchanged += 1
