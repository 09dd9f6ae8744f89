"""Load the register of public bodies from the lists the ONS and mySociety publish.

Understood as published, in CSV or XLSX:

- ONS names-and-codes files and lookups of any year: `LADyyCD`/`LADyyNM` (and `CTYUAyy…`,
  `UAyy…`) are an area's code and name, `LADyyNMW` its Welsh name; in a lookup that also has
  `CTYyyCD`/`CTYyyNM`, those are the parent county (created from the file if it is not yet
  in the register); in a file with no district column, `CTYyyCD` is the code itself;
- mySociety's list of every UK local authority: `gss-code`, `official-name`, `nice-name`,
  `nation`, `local-authority-type` (NMD, UA, MD, LBO, CTY, SCO, WPA, NID, COMB…),
  `county-la` (the county's three-letter code, found in the same file), `end-date`
  (a former council), `pop-yyyy`;
- joinedup's own list (`code,name,type,parent code,population`).

An ONS file names the *area* ("Braintree"); the body's official name ("Braintree District
Council") is a different thing and is kept in `name`, the area's in `area_name`. A column the
file does not have never changes a stored value, and an empty cell never blanks one — except
the parent, where an empty cell in a parent column means the body has none (a unitary). The
kind is worked out from the GSS code only for a body the file creates.

Every row is checked before anything is written: one bad row rejects the file, and the
report names each bad row by its line and says why. Rows of former councils that have no
GSS code are skipped and listed. `dry_run=True` reports what would change and writes
nothing. Loading the same file twice changes nothing the second time.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import Nation, Organisation, OrganisationKind
from .tables import TableError, read_rows, repair_mojibake

MAX_FILE_BYTES = 5 * 1024 * 1024
# Shipped with the product: mySociety's list of UK local authorities (see data/README.md).
UK_COUNCILS_FILE = Path(__file__).parent / "data" / "uk-local-authorities.csv"

# Field -> the normalised headers (lower case, words of letters and digits) that mean it.
# `yy` in a pattern is any two-digit year.
HEADER_PATTERNS = {
    "code": r"code|gss code|(lad|ctyua|ua|la)\d{2}cd",
    "name": r"name|official name|organisation name|council name|authority name",
    "area_name": r"area name|nice name|(lad|ctyua|ua|la)\d{2}nm",
    "welsh_name": r"welsh name|(lad|ctyua|ua|la|cty)\d{2}nmw",
    "type": r"type|kind|entity type|organisation type|local authority type",
    "nation": r"nation|country",
    "parent_code": r"parent code|parent|parent gss code|county code",
    "population": r"population|pop|pop \d{4}|mid year population|population \d{4}",
    "ended_on": r"end date|ended on|abolished on",
    "local_code": r"local authority code",
    "county_local_code": r"county la",
    "current": r"current authority|current",
}
COUNTY_CODE = re.compile(r"^cty\d{2}cd$")
COUNTY_NAME = re.compile(r"^cty\d{2}nm$")
LABELS = {
    "code": "GSS code",
    "name": "official name",
    "area_name": "area name",
    "welsh_name": "Welsh name",
    "type": "kind",
    "nation": "nation",
    "parent_code": "parent",
    "parent_name": "parent's name",
    "population": "population",
    "ended_on": "end date",
    "local_code": "local authority code",
    "county_local_code": "county",
    "current": "current",
}

KIND_WORDS = {
    "county": OrganisationKind.COUNTY,
    "county council": OrganisationKind.COUNTY,
    "district": OrganisationKind.DISTRICT,
    "non-metropolitan district": OrganisationKind.DISTRICT,
    "district council": OrganisationKind.DISTRICT,
    "ni district": OrganisationKind.DISTRICT,
    "borough": OrganisationKind.BOROUGH,
    "borough council": OrganisationKind.BOROUGH,
    "unitary": OrganisationKind.UNITARY,
    "unitary authority": OrganisationKind.UNITARY,
    "metropolitan": OrganisationKind.METROPOLITAN,
    "metropolitan district": OrganisationKind.METROPOLITAN,
    "metropolitan borough": OrganisationKind.METROPOLITAN,
    "london borough": OrganisationKind.LONDON_BOROUGH,
    "city corporation": OrganisationKind.LONDON_BOROUGH,
    "scottish council": OrganisationKind.SCOTTISH_COUNCIL,
    "scottish unitary authority": OrganisationKind.SCOTTISH_COUNCIL,
    "council area": OrganisationKind.SCOTTISH_COUNCIL,
    "welsh principal council": OrganisationKind.WELSH_COUNCIL,
    "welsh unitary authority": OrganisationKind.WELSH_COUNCIL,
    "principal council": OrganisationKind.WELSH_COUNCIL,
    "combined authority": OrganisationKind.COMBINED_AUTHORITY,
    "strategic regional authority": OrganisationKind.OTHER,
    "police": OrganisationKind.POLICE,
    "fire": OrganisationKind.FIRE,
    "fire and rescue": OrganisationKind.FIRE,
    "health": OrganisationKind.HEALTH,
    "other": OrganisationKind.OTHER,
    # mySociety's local-authority-type codes
    "nmd": OrganisationKind.DISTRICT,
    "nid": OrganisationKind.DISTRICT,
    "ua": OrganisationKind.UNITARY,
    "md": OrganisationKind.METROPOLITAN,
    "lbo": OrganisationKind.LONDON_BOROUGH,
    "cc": OrganisationKind.LONDON_BOROUGH,
    "cty": OrganisationKind.COUNTY,
    "sco": OrganisationKind.SCOTTISH_COUNCIL,
    "wpa": OrganisationKind.WELSH_COUNCIL,
    "comb": OrganisationKind.COMBINED_AUTHORITY,
    "sra": OrganisationKind.OTHER,
}
for kind in OrganisationKind:
    KIND_WORDS[kind.value.replace("_", " ")] = kind
    KIND_WORDS[kind.label.lower()] = kind

PRINCIPAL_COUNCILS = {
    OrganisationKind.COUNTY,
    OrganisationKind.DISTRICT,
    OrganisationKind.BOROUGH,
    OrganisationKind.UNITARY,
    OrganisationKind.METROPOLITAN,
    OrganisationKind.LONDON_BOROUGH,
    OrganisationKind.SCOTTISH_COUNCIL,
    OrganisationKind.WELSH_COUNCIL,
}

# The GSS entity code (the first three characters) says what kind of area a code is for.
KIND_BY_ENTITY = {
    "E06": OrganisationKind.UNITARY,
    "E07": OrganisationKind.DISTRICT,
    "E08": OrganisationKind.METROPOLITAN,
    "E09": OrganisationKind.LONDON_BOROUGH,
    "E10": OrganisationKind.COUNTY,
    "E11": OrganisationKind.OTHER,  # a metropolitan county: an area with no county council
    "E13": OrganisationKind.OTHER,  # Inner or Outer London
    "E47": OrganisationKind.COMBINED_AUTHORITY,
    "S12": OrganisationKind.SCOTTISH_COUNCIL,
    "W06": OrganisationKind.WELSH_COUNCIL,
    "N09": OrganisationKind.DISTRICT,
}
NATION_WORDS = {label.lower(): value for value, label in Nation.choices}
GSS_CODE = re.compile(r"^[ENSWK]\d{8}$")
# The largest population the register stores (a PositiveIntegerField: 32 bits on PostgreSQL).
MAX_POPULATION = 2_147_483_647
TRUE_WORDS = {"true", "yes", "y", "1"}
FALSE_WORDS = {"false", "no", "n", "0"}


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
class Change:
    code: str
    name: str
    field: str
    before: str
    after: str

    def __str__(self):
        before = self.before or "(none)"
        return f"{self.code} {self.name}: {self.field} {before} → {self.after or '(none)'}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    rejected: list[RowProblem] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        if self.rejected:
            lines = [f"File rejected: {len(self.rejected)} row(s) rejected, nothing was written."]
            lines += [str(problem) for problem in self.rejected]
            return "\n".join(lines)
        would = "Dry run, nothing written: would be " if self.dry_run else ""
        text = (
            f"{would}{self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, 0 rejected."
        )
        if self.skipped:
            text += f" {len(self.skipped)} row(s) skipped."
        return text

    def details(self) -> list[str]:
        """What was (or would be) created and changed, and which rows were skipped."""
        lines = [f"Columns: {field} from '{header}'" for field, header in self.columns.items()]
        lines += [f"New: {text}" for text in self.new]
        lines += [f"Changed: {change}" for change in self.changes]
        lines += [f"Skipped: {problem}" for problem in self.skipped]
        return lines


@dataclass
class Row:
    line: int
    code: str
    values: dict  # field -> value, only for the columns the file has and cells it fills
    parent_code: str | None  # None: the file says nothing about the parent
    parent_name: str = ""
    current: bool = True
    local_code: str = ""
    county_local_code: str = ""
    created: bool = False


def _normalise(header: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", str(header or "").lower()))


def _map_headers(headers: list[str]) -> dict[str, int]:
    normalised = [_normalise(header) for header in headers]
    has_area_code = any(re.fullmatch(r"(lad|ctyua|ua|la)\d{2}cd", h) for h in normalised)
    columns: dict[str, int] = {}
    for position, header in enumerate(normalised):
        if COUNTY_CODE.match(header):
            name = "parent_code" if has_area_code else "code"
        elif COUNTY_NAME.match(header):
            name = "parent_name" if has_area_code else "area_name"
        else:
            name = next(
                (n for n, pattern in HEADER_PATTERNS.items() if re.fullmatch(pattern, header)),
                None,
            )
        if name and name not in columns:
            columns[name] = position
    missing = [n for n in ("code", "name") if n not in columns]
    if "area_name" in columns and "name" in missing:
        missing.remove("name")
    if missing and "code" in missing:
        raise ValueError(f"The header row has no {' or '.join(missing)} column")
    return columns


def _parse_row(line, cells, columns) -> Row | RowProblem:
    def value(name):
        position = columns.get(name)
        if position is None or position >= len(cells):
            return ""
        return repair_mojibake(re.sub(r"\s+", " ", cells[position] or "").strip())

    code = value("code").upper()
    ended_text = value("ended_on")
    current_text = value("current").lower()
    current = current_text not in FALSE_WORDS
    ended_on = None
    if ended_text:
        try:
            ended_on = datetime.date.fromisoformat(ended_text[:10])
        except ValueError:
            return RowProblem(line, f"end date '{ended_text}' is not a date like 2023-03-31")
        current = current and ended_on > datetime.date.today()
    display = value("name") or value("area_name")
    if not code and not current:
        return RowProblem(line, f"{display or 'a former body'} has no GSS code (a former council)")
    if not GSS_CODE.match(code):
        return RowProblem(line, f"code '{code}' is not a GSS code like E07000067")
    values = {}
    for name in ("name", "area_name", "welsh_name"):
        text = value(name)
        if len(text) > 200:
            return RowProblem(line, f"{LABELS[name]} is longer than 200 characters")
        if text:
            values[name] = text
    if "name" in columns and "name" not in values:
        return RowProblem(line, "name is empty")
    if "name" not in columns and "area_name" in columns and "area_name" not in values:
        return RowProblem(line, "name is empty")
    type_text = value("type")
    if type_text:
        kind = KIND_WORDS.get(type_text.lower())
        if kind is None:
            return RowProblem(line, f"type '{type_text}' is not a kind of organisation we know")
        values["kind"] = kind
    elif "type" in columns and code[:3] not in KIND_BY_ENTITY:
        return RowProblem(line, f"type is empty and code '{code}' does not say the kind")
    nation = Nation.from_gss_code(code)
    if nation is None:
        return RowProblem(line, f"code '{code}' is for the whole UK, not one nation")
    nation_text = value("nation")
    if nation_text and NATION_WORDS.get(nation_text.lower()) != nation:
        return RowProblem(
            line, f"nation '{nation_text}' does not match the code {code}, which is {nation.label}"
        )
    values["nation"] = nation
    population_text = value("population").replace(",", "")
    if population_text:
        if re.fullmatch(r"\d+\.0+", population_text):
            population_text = population_text.split(".")[0]
        if not population_text.isdigit():
            return RowProblem(line, f"population '{population_text}' is not a whole number")
        if int(population_text) > MAX_POPULATION:
            return RowProblem(line, f"population {population_text} is more than {MAX_POPULATION:,}")
        values["population"] = int(population_text)
    if ended_on:
        values["ended_on"] = ended_on
    parent_code = None
    if "parent_code" in columns:
        parent_code = value("parent_code").upper()
        if parent_code and not GSS_CODE.match(parent_code):
            return RowProblem(line, f"parent code '{parent_code}' is not a GSS code")
        if parent_code == code:
            return RowProblem(line, "an organisation cannot be its own parent")
    return Row(
        line,
        code,
        values,
        parent_code,
        value("parent_name"),
        current,
        value("local_code").upper(),
        value("county_local_code").upper(),
    )


@dataclass
class Plan:
    rows: list[Row]
    problems: list[RowProblem]
    skipped: list[RowProblem]
    columns: dict[str, str]


def parse(data: bytes, current_principal_only: bool = False) -> Plan:
    """Read and check every row; no database writes."""
    try:
        table, _ = read_rows(data, MAX_FILE_BYTES)
        if not table:
            raise ValueError("The file is empty: it needs a header row with code and name")
        columns = _map_headers(table[0])
    except (ValueError, TableError) as error:
        message = str(error)
        if "cannot be read as UTF-8" in message:
            message = "The file is not UTF-8 text; save it as CSV UTF-8"
        return Plan([], [RowProblem(getattr(error, "line", None) or 1, message)], [], {})
    taken = {LABELS[name]: table[0][position].strip() for name, position in columns.items()}
    rows, problems, skipped, seen = [], [], [], {}
    for index, cells in enumerate(table[1:], start=2):
        if not any((cell or "").strip() for cell in cells):
            continue
        parsed = _parse_row(index, cells, columns)
        if isinstance(parsed, RowProblem):
            if "(a former council)" in parsed.reason:
                skipped.append(parsed)
            else:
                problems.append(parsed)
        elif parsed.code in seen:
            problems.append(
                RowProblem(index, f"code {parsed.code} is already on row {seen[parsed.code]}")
            )
        else:
            seen[parsed.code] = index
            rows.append(parsed)
    # mySociety gives a district's county by the county's own three-letter code.
    by_local_code = {row.local_code: row.code for row in rows if row.local_code}
    for row in rows:
        if "county_local_code" in columns:
            if row.county_local_code and row.county_local_code not in by_local_code:
                problems.append(
                    RowProblem(row.line, f"county '{row.county_local_code}' is not in the file")
                )
            else:
                row.parent_code = by_local_code.get(row.county_local_code, "")
    if current_principal_only:
        kept = []
        for row in rows:
            kind = row.values.get("kind") or KIND_BY_ENTITY.get(row.code[:3])
            if not row.current:
                skipped.append(RowProblem(row.line, f"{row.code} is a former council"))
            elif kind not in PRINCIPAL_COUNCILS:
                skipped.append(RowProblem(row.line, f"{row.code} is not a principal council"))
            else:
                kept.append(row)
        rows = kept
    in_file = {row.code for row in rows}
    named_parents = {row.parent_code for row in rows if row.parent_code and row.parent_name}
    wanted = {row.parent_code for row in rows if row.parent_code} - in_file - named_parents
    known = set(Organisation.objects.filter(code__in=wanted).values_list("code", flat=True))
    for row in rows:
        if row.parent_code and row.parent_code in wanted - known:
            problems.append(
                RowProblem(
                    row.line, f"parent code {row.parent_code} is not in the file or the register"
                )
            )
    problems.sort(key=lambda problem: problem.line)
    return Plan(rows, problems, skipped, taken)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, OrganisationKind):
        return value.label
    if isinstance(value, Nation):
        return value.label
    return str(value)


def import_organisations(
    data: bytes, dry_run: bool = False, current_principal_only: bool = False
) -> ImportReport:
    """Create or update organisations from the file, all or nothing.

    With dry_run the report says what would be created and changed, and nothing is written.
    With current_principal_only, rows of former councils and of bodies that are not principal
    councils (combined authorities, the GLA) are skipped.
    """
    plan = parse(data, current_principal_only=current_principal_only)
    report = ImportReport(
        rejected=plan.problems, skipped=plan.skipped, columns=plan.columns, dry_run=dry_run
    )
    if plan.problems:
        raise ImportRejected(report)
    rows = plan.rows
    with transaction.atomic():
        codes = {r.code for r in rows} | {r.parent_code for r in rows if r.parent_code}
        by_code = {
            o.code: o for o in Organisation.objects.filter(code__in=codes).select_related("parent")
        }
        # Parents that only a lookup names (an ONS county or metropolitan county).
        in_file = {r.code for r in rows}
        for row in rows:
            known_here = row.parent_code in by_code or row.parent_code in in_file
            if row.parent_code and row.parent_name and not known_here:
                parent = Organisation(
                    code=row.parent_code,
                    name=row.parent_name,
                    area_name=row.parent_name,
                    kind=KIND_BY_ENTITY.get(row.parent_code[:3], OrganisationKind.OTHER),
                    nation=Nation.from_gss_code(row.parent_code),
                )
                by_code[row.parent_code] = parent
                report.new.append(f"{parent.code} {parent.name} (the parent on row {row.line})")
                report.created += 1
        for row in rows:  # first every organisation exists, so that parents can be linked
            if row.code not in by_code:
                values = dict(row.values)
                values.setdefault("name", values.get("area_name", ""))
                values.setdefault("kind", KIND_BY_ENTITY.get(row.code[:3]))
                if not values["name"]:
                    report.rejected.append(
                        RowProblem(row.line, f"{row.code} is new, and the file gives no name")
                    )
                    continue
                if values["kind"] is None:
                    report.rejected.append(
                        RowProblem(row.line, f"code '{row.code}' does not say the kind")
                    )
                    continue
                by_code[row.code] = Organisation(code=row.code, **values)
                report.new.append(f"{row.code} {values['name']}")
                report.created += 1
                row.created = True
        if report.rejected:
            raise ImportRejected(report)
        if not dry_run:
            for organisation in by_code.values():
                if organisation.pk is None:
                    organisation.save()
        for row in rows:
            organisation = by_code[row.code]
            changed = {
                key: value
                for key, value in row.values.items()
                if key != "name" or not row.created
                if getattr(organisation, key) != value
            }
            parent_now = organisation.parent.code if organisation.parent_id else ""
            if row.parent_code is not None and row.parent_code != parent_now:
                changed["parent"] = by_code[row.parent_code] if row.parent_code else None
            if row.created:
                if changed and not dry_run:
                    for key, value in changed.items():
                        setattr(organisation, key, value)
                    organisation.save()
                continue
            if not changed:
                report.unchanged += 1
                continue
            report.updated += 1
            for key, value in changed.items():
                if key == "parent":
                    before, after = parent_now, row.parent_code
                else:
                    before, after = _shown(getattr(organisation, key)), _shown(value)
                report.changes.append(
                    Change(row.code, organisation.name, LABELS.get(key, key), before, after)
                )
            if not dry_run:
                for key, value in changed.items():
                    setattr(organisation, key, value)
                organisation.save()
    return report
