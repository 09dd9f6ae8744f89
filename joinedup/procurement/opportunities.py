"""Joint-procurement opportunities: partner councils buying the same thing at the same time.

Two councils of a partnership have an opportunity when each has a contract in the same CPV
category and the two contracts end within a chosen number of months of each other: they can
re-procure together. A forthcoming procurement is also an opportunity for every partner
whose contract in its category ends within the window of the procurement's timing (its
current contract's end, else its expected award or tender date).

"Same category" means the same first N digits of the CPV code. The default is the CPV
*group* (3 digits): the division (2 digits) is too broad to buy together — division 90 puts
refuse collection beside street cleaning and pest control, 72 puts software development
beside help desks — while the group separates them (905 refuse and waste, 909 cleaning;
722 software, 725 support) and still matches councils that code the same service at
slightly different depths (90511000 refuse collection and 90512000 refuse transport). The
class (4) and category (5) are offered for a closer match.

The matching is one SQL self-join on (CPV level, end key) with an index for each level, so it
does not loop over every contract in Python: it scales to registers of hundreds of thousands
of contracts. Dates become integer keys (models.end_key) so "within N months" is an integer
range that both SQLite and PostgreSQL answer from the index.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .cpv import DEFAULT_LEVEL, LEVELS
from .models import Contract, ForthcomingProcurement, ProcurementStatus, end_key

DEFAULT_WINDOW_MONTHS = 12
WINDOWS = (3, 6, 12, 18, 24)
# How far ahead to look by default: contracts ending in the next five years.
DEFAULT_HORIZON_YEARS = 5
MAX_RESULTS = 500
# The opportunities page shows this many contract pairs a page.
PAIRS_PER_PAGE = 100


@dataclass(frozen=True)
class ContractPair:
    first: Contract
    second: Contract
    level: int = DEFAULT_LEVEL

    @property
    def months_apart(self) -> int:
        return abs(self.first.ends_key - self.second.ends_key) // 100

    @property
    def category(self) -> str:
        return self.first.cpv_digits[: self.level]


@dataclass(frozen=True)
class ProcurementMatch:
    procurement: ForthcomingProcurement
    contract: Contract

    @property
    def months_apart(self) -> int:
        return abs(self.procurement.timing_key - self.contract.ends_key) // 100


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _column(level: int) -> str:
    if level not in LEVELS:
        raise ValueError(
            f"The category must be {', '.join(map(str, LEVELS))} digits of the CPV code"
        )
    return f"cpv_{LEVELS[level]}"


def _councils(partnership, on) -> list[int]:
    return sorted({party.organisation_id for party in partnership.current_parties(on)})


def _window(window_months: int) -> int:
    if not 0 <= int(window_months) <= 120:
        raise ValueError("The window must be between 0 and 120 months")
    return int(window_months) * 100


def _pairs_join(councils, window_months, level, ending_from, ending_before):
    """The FROM and WHERE of the contract self-join (see contract_pairs), and its parameters."""
    column = _column(level)
    table = Contract._meta.db_table
    marks = ", ".join(["%s"] * len(councils))
    # Table and column names come from the models and the LEVELS whitelist; values are parameters.
    sql = f"""
        FROM {table} a
        JOIN {table} b
          ON b.{column} = a.{column}
         AND b.ends_key BETWEEN a.ends_key - %s AND a.ends_key + %s
         AND b.organisation_id > a.organisation_id
        WHERE a.{column} <> ''
          AND a.organisation_id IN ({marks})
          AND b.organisation_id IN ({marks})
          AND a.ends_key >= %s AND a.ends_key < %s
          AND b.ends_key >= %s AND b.ends_key < %s
    """  # noqa: S608
    lower, upper = end_key(ending_from), end_key(ending_before)
    window = _window(window_months)
    return sql, [window, window, *councils, *councils, lower, upper, lower, upper]


def pairs_query(councils, window_months, level, ending_from, ending_before, limit, offset=0):
    """The SQL and parameters of the contract pairs, soonest first (see contract_pairs)."""
    join, params = _pairs_join(councils, window_months, level, ending_from, ending_before)
    sql = f"SELECT a.id, b.id {join} ORDER BY a.ends_key, a.id, b.ends_key, b.id LIMIT %s OFFSET %s"
    return sql, [*params, int(limit), int(offset)]


class ContractPairs:
    """A partnership's contract pairs (see contract_pairs), counted and sliced in SQL, so that
    Django's Paginator can page through them without loading them all."""

    def __init__(
        self,
        partnership,
        *,
        window_months: int = DEFAULT_WINDOW_MONTHS,
        level: int = DEFAULT_LEVEL,
        ending_from: datetime.date | None = None,
        ending_before: datetime.date | None = None,
    ):
        today = timezone.localdate()
        self.ending_from = ending_from or today
        self.ending_before = ending_before or _years_later(self.ending_from, DEFAULT_HORIZON_YEARS)
        self.councils = _councils(partnership, today)
        self.window_months, self.level = window_months, level

    def _where(self):
        return (self.councils, self.window_months, self.level, self.ending_from, self.ending_before)

    def count(self) -> int:
        if len(self.councils) < 2:
            return 0
        join, params = _pairs_join(*self._where())
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {join}", params)  # noqa: S608 - see _pairs_join
            return cursor.fetchone()[0]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[ContractPair]:
        start, stop = window.start or 0, window.stop
        if len(self.councils) < 2 or stop is None or stop <= start:
            return []
        sql, params = pairs_query(*self._where(), limit=stop - start, offset=start)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = cursor.fetchall()
        contracts = Contract.objects.select_related("organisation").in_bulk(
            {pk for pair in ids for pk in pair}
        )
        return [ContractPair(contracts[a], contracts[b], self.level) for a, b in ids]


def contract_pairs(
    partnership,
    *,
    window_months: int = DEFAULT_WINDOW_MONTHS,
    level: int = DEFAULT_LEVEL,
    ending_from: datetime.date | None = None,
    ending_before: datetime.date | None = None,
    limit: int = MAX_RESULTS,
) -> list[ContractPair]:
    """Pairs of contracts of two different current councils of the partnership in the same
    CPV category whose end dates are within `window_months` of each other (inclusive), both
    ending on or after `ending_from` (today) and before `ending_before` (five years on),
    soonest first."""
    pairs = ContractPairs(
        partnership,
        window_months=window_months,
        level=level,
        ending_from=ending_from,
        ending_before=ending_before,
    )
    return pairs[:limit]


def procurement_matches(
    partnership,
    *,
    window_months: int = DEFAULT_WINDOW_MONTHS,
    level: int = DEFAULT_LEVEL,
    limit: int = MAX_RESULTS,
) -> list[ProcurementMatch]:
    """Partners' contracts in the category of the partnership's open forthcoming procurements
    that end within the window of the procurement's timing."""
    councils = _councils(partnership, timezone.localdate())
    if len(councils) < 2:
        return []
    column = _column(level)
    marks = ", ".join(["%s"] * len(councils))
    sql = f"""
        SELECT p.id, c.id
        FROM {ForthcomingProcurement._meta.db_table} p
        JOIN {Contract._meta.db_table} c
          ON c.{column} = p.{column}
         AND c.ends_key BETWEEN p.timing_key - %s AND p.timing_key + %s
         AND c.organisation_id <> p.organisation_id
        WHERE p.partnership_id = %s
          AND p.status IN (%s, %s)
          AND p.{column} <> ''
          AND c.organisation_id IN ({marks})
        ORDER BY p.timing_key, p.id, c.ends_key, c.id
        LIMIT %s
    """  # noqa: S608
    window = _window(window_months)
    params = [
        window,
        window,
        partnership.pk,
        ProcurementStatus.PLANNED,
        ProcurementStatus.TENDERING,
        *councils,
        int(limit),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = cursor.fetchall()
    procurements = ForthcomingProcurement.objects.select_related("organisation").in_bulk(
        {p for p, _ in ids}
    )
    contracts = Contract.objects.select_related("organisation").in_bulk({c for _, c in ids})
    return [ProcurementMatch(procurements[p], contracts[c]) for p, c in ids]
