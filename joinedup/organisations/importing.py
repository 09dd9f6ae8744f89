"""Load a register of public bodies from an ONS-style CSV file (code, name, type, parent code).

The whole file is checked before anything is written: one bad row rejects the file, and the
report names each bad row by its line number and says why. Loading the same file twice
changes nothing the second time.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from joinedup.govuk.text import NUL, normalise

from .models import Nation, Organisation, OrganisationKind

MAX_FILE_BYTES = 5 * 1024 * 1024

HEADER_ALIASES = {
    "code": re.compile(r"^(code|gss[ _]?code|(lad|ctyua|cty|ua)\d{2}cd)$", re.I),
    "name": re.compile(r"^(name|(lad|ctyua|cty|ua)\d{2}nm)$", re.I),
    "type": re.compile(r"^(type|kind|entity[ _]?type|organisation[ _]?type)$", re.I),
    "parent_code": re.compile(r"^(parent[ _]?code|parent|cty\d{2}cd[ _]?parent)$", re.I),
    "population": re.compile(r"^(population|pop|mid[ _-]?year[ _]?population)$", re.I),
}

KIND_WORDS = {
    "county": OrganisationKind.COUNTY,
    "county council": OrganisationKind.COUNTY,
    "district": OrganisationKind.DISTRICT,
    "non-metropolitan district": OrganisationKind.DISTRICT,
    "district council": OrganisationKind.DISTRICT,
    "borough": OrganisationKind.BOROUGH,
    "borough council": OrganisationKind.BOROUGH,
    "unitary": OrganisationKind.UNITARY,
    "unitary authority": OrganisationKind.UNITARY,
    "metropolitan": OrganisationKind.METROPOLITAN,
    "metropolitan district": OrganisationKind.METROPOLITAN,
    "metropolitan borough": OrganisationKind.METROPOLITAN,
    "london borough": OrganisationKind.LONDON_BOROUGH,
    "scottish council": OrganisationKind.SCOTTISH_COUNCIL,
    "council area": OrganisationKind.SCOTTISH_COUNCIL,
    "welsh principal council": OrganisationKind.WELSH_COUNCIL,
    "welsh unitary authority": OrganisationKind.WELSH_COUNCIL,
    "principal council": OrganisationKind.WELSH_COUNCIL,
    "police": OrganisationKind.POLICE,
    "fire": OrganisationKind.FIRE,
    "fire and rescue": OrganisationKind.FIRE,
    "health": OrganisationKind.HEALTH,
    "other": OrganisationKind.OTHER,
}
for kind in OrganisationKind:
    KIND_WORDS[kind.value.replace("_", " ")] = kind
    KIND_WORDS[kind.label.lower()] = kind

# The GSS entity code (the first three characters) says what kind of area a code is for.
KIND_BY_ENTITY = {
    "E06": OrganisationKind.UNITARY,
    "E07": OrganisationKind.DISTRICT,
    "E08": OrganisationKind.METROPOLITAN,
    "E09": OrganisationKind.LONDON_BOROUGH,
    "E10": OrganisationKind.COUNTY,
    "S12": OrganisationKind.SCOTTISH_COUNCIL,
    "W06": OrganisationKind.WELSH_COUNCIL,
    "N09": OrganisationKind.DISTRICT,
}
GSS_CODE = re.compile(r"^[ENSWK]\d{8}$")
# The largest population the register stores (a PositiveIntegerField: 32 bits on PostgreSQL).
MAX_POPULATION = 2_147_483_647


class ImportRejected(Exception):
    """The file was rejected and nothing was written."""

    def __init__(self, report: "ImportReport"):
        self.report = report
        super().__init__(report.summary())


@dataclass
class RowProblem:
    line: int
    reason: str

    def __str__(self):
        return f"Row {self.line}: {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowProblem] = field(default_factory=list)

    def summary(self) -> str:
        if self.rejected:
            lines = [f"File rejected: {len(self.rejected)} row(s) rejected, nothing was written."]
            lines += [str(problem) for problem in self.rejected]
            return "\n".join(lines)
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            "0 rejected."
        )


@dataclass
class Row:
    line: int
    code: str
    name: str
    kind: str
    nation: str
    parent_code: str
    population: int | None


def _read_text(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValueError(
            f"The file is not UTF-8 text (byte {error.start} cannot be read); save it as CSV UTF-8"
        ) from error


def _map_headers(fieldnames: list[str] | None) -> dict[str, str]:
    if not fieldnames:
        raise ValueError("The file is empty: it needs a header row with code, name and type")
    mapping = {}
    for header in fieldnames:
        for column, pattern in HEADER_ALIASES.items():
            if header and pattern.match(header.strip()) and column not in mapping:
                mapping[column] = header
    missing = [column for column in ("code", "name") if column not in mapping]
    if missing:
        raise ValueError(f"The header row has no {' or '.join(missing)} column")
    return mapping


def _parse_row(line: int, raw: dict, columns: dict[str, str]) -> Row | RowProblem:
    def value(column):
        header = columns.get(column)
        # normalise: a vertical tab from a spreadsheet cell becomes a line break
        return normalise(raw.get(header) or "").strip() if header else ""

    code = value("code").upper()
    name = value("name")
    if not GSS_CODE.match(code):
        return RowProblem(line, f"code '{code}' is not a GSS code like E07000067")
    if not name:
        return RowProblem(line, "name is empty")
    if len(name) > 200:
        return RowProblem(line, "name is longer than 200 characters")
    type_text = value("type")
    if type_text:
        kind = KIND_WORDS.get(type_text.lower())
        if kind is None:
            return RowProblem(line, f"type '{type_text}' is not a kind of organisation we know")
    else:
        kind = KIND_BY_ENTITY.get(code[:3])
        if kind is None:
            return RowProblem(line, f"type is empty and code '{code}' does not say the kind")
    nation = Nation.from_gss_code(code)
    if nation is None:
        return RowProblem(line, f"code '{code}' is for the whole UK, not one nation")
    population_text = value("population").replace(",", "")
    population = None
    if population_text:
        if not population_text.isdigit():
            return RowProblem(line, f"population '{population_text}' is not a whole number")
        population = int(population_text)
        if population > MAX_POPULATION:
            return RowProblem(line, f"population {population_text} is more than {MAX_POPULATION:,}")
    parent_code = value("parent_code").upper()
    if parent_code and not GSS_CODE.match(parent_code):
        return RowProblem(line, f"parent code '{parent_code}' is not a GSS code")
    if parent_code == code:
        return RowProblem(line, "an organisation cannot be its own parent")
    return Row(line, code, name, kind, nation, parent_code, population)


def parse(data: bytes) -> tuple[list[Row], list[RowProblem]]:
    """Read and check every row; no database writes."""
    try:
        text = _read_text(data)
    except ValueError as error:
        return [], [RowProblem(1, str(error))]
    if NUL in text:  # PostgreSQL cannot store one; a sign of a binary file, not of a council
        line = text.count("\n", 0, text.index(NUL)) + 1
        return [], [RowProblem(line, "it contains a null character; save the file as CSV text")]
    try:
        reader = csv.DictReader(io.StringIO(text))
        columns = _map_headers(reader.fieldnames)
    except (ValueError, csv.Error) as error:
        return [], [RowProblem(1, str(error))]
    rows, problems, seen = [], [], {}
    try:
        for raw in reader:
            line = reader.line_num
            if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
                continue
            parsed = _parse_row(line, raw, columns)
            if isinstance(parsed, RowProblem):
                problems.append(parsed)
            elif parsed.code in seen:
                problems.append(
                    RowProblem(line, f"code {parsed.code} is already on row {seen[parsed.code]}")
                )
            else:
                seen[parsed.code] = line
                rows.append(parsed)
    except csv.Error as error:
        problems.append(RowProblem(reader.line_num, f"the CSV cannot be read: {error}"))
    known = set(seen) | set(
        Organisation.objects.filter(code__in={r.parent_code for r in rows}).values_list(
            "code", flat=True
        )
    )
    for row in rows:
        if row.parent_code and row.parent_code not in known:
            problems.append(
                RowProblem(
                    row.line, f"parent code {row.parent_code} is not in the file or the register"
                )
            )
    return rows, problems


def import_organisations(data: bytes) -> ImportReport:
    """Create or update organisations from the file, all or nothing."""
    rows, problems = parse(data)
    report = ImportReport(rejected=problems)
    if problems:
        raise ImportRejected(report)
    with transaction.atomic():
        codes = {r.code for r in rows} | {r.parent_code for r in rows if r.parent_code}
        by_code = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
        created = set()
        for row in rows:  # first every organisation exists, so that parents can be linked
            if row.code not in by_code:
                by_code[row.code] = Organisation.objects.create(
                    code=row.code,
                    name=row.name,
                    kind=row.kind,
                    nation=row.nation,
                    population=row.population,
                )
                created.add(row.code)
        for row in rows:
            organisation = by_code[row.code]
            wanted = {
                "name": row.name,
                "kind": row.kind,
                "nation": row.nation,
                "population": row.population,
                "parent_id": by_code[row.parent_code].pk if row.parent_code else None,
            }
            changed = any(getattr(organisation, k) != v for k, v in wanted.items())
            if changed:
                for k, v in wanted.items():
                    setattr(organisation, k, v)
                organisation.save()
            if row.code in created:
                report.created += 1
            elif changed:
                report.updated += 1
            else:
                report.unchanged += 1
    return report
