"""The pure part of ingestion, from validated records on: one batch's statements -> outcomes.

Rows become records (or rejects) in `graph.ingest.validation`. Nothing here talks to Neo4j. A batch's
work is a generator that yields `Statement`s and is sent each statement's rows back, so that the sync
and the async runners (`graph.ingest.run`) drive the same logic inside one managed transaction each
(and a retried transaction simply restarts the generator).
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph.ingest.report import FieldError, Outcome, RowOutcome
from graph.ingest.scope import Allowed, account_field, out_of_scope
from graph.ingest.validation import Item, SourceRow, record_key, reject
from graph.records import ContactRecord, CoverageRecord, InteractionRecord, Kind, Record

__all__ = [
    "BatchResult",
    "BatchWork",
    "InteractionBatch",
    "Statement",
    "batch_work",
    "epoch",
    "prepare",
]

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Statement:
    """A named query and its parameters, for the runner to send."""

    name: str
    params: dict[str, Any]


@dataclass
class BatchResult:
    """What one batch did: an outcome per row, rows put off to the end, accounts whose metrics may change."""

    outcomes: list[RowOutcome] = field(default_factory=list)
    deferred: list[tuple[SourceRow, Record]] = field(default_factory=list)
    touched_accounts: set[str] = field(default_factory=set)


BatchWork = Generator[Statement, Rows, BatchResult]


# ---------------------------------------------------------------------------------------------- batches




def batch_work(
    kind: Kind,
    items: list[Item],
    *,
    now: datetime,
    defer: bool = True,
    prepared: InteractionBatch | None = None,
    allowed: Allowed = None,
) -> BatchWork:
    """The statements that write one batch of validated rows, and their interpretation.

    `defer`: a contact whose manager (`reports_to_key`) is neither stored nor in this batch is put off
    (returned in `deferred`) so that the caller can try it again after the rest of the input; with
    `defer=False` it is rejected. `prepared`: the batch's parameters from `prepare`, if built already.
    `allowed`: the accounts the writer may write (None: all); see `graph.ingest.scope`.
    """
    if allowed is None:
        return _kind_work(kind, items, now=now, defer=defer, prepared=prepared, allowed=None)
    return _scoped(kind, items, now=now, defer=defer, prepared=prepared, allowed=sorted(allowed))


def _kind_work(
    kind: Kind,
    items: list[Item],
    *,
    now: datetime,
    defer: bool,
    prepared: InteractionBatch | None,
    allowed: list[str] | None,
) -> BatchWork:
    if kind is Kind.INTERACTIONS:
        return _interactions(items, prepared, allowed)
    if kind is Kind.CONTACTS:
        return _contacts(items, now=now, defer=defer, allowed=allowed)
    if kind is Kind.COVERAGE:
        return _coverage(items, allowed)
    return _nodes(kind, items)


def _scoped(
    kind: Kind,
    items: list[Item],
    *,
    now: datetime,
    defer: bool,
    prepared: InteractionBatch | None,
    allowed: list[str],
) -> BatchWork:
    """`batch_work` for a writer limited to `allowed`: a row whose own account field names another
    account (or none) is refused before anything is asked; the others are written as usual."""
    field_name = account_field(kind)
    mine = set(allowed)
    inside: list[Item] = []
    refused: list[RowOutcome] = []
    for item in items:
        row, record = item
        if field_name is not None and getattr(record, field_name) in mine:
            inside.append(item)
        else:
            refused.append(reject(row, [out_of_scope(field_name or "")], key=record_key(record)))
    if refused:
        prepared = None  # built for every item: `_interactions` rebuilds it for the rows left
    result = BatchResult()
    if inside:
        result = yield from _kind_work(kind, inside, now=now, defer=defer, prepared=prepared, allowed=allowed)
    result.outcomes = sorted(refused + result.outcomes, key=lambda o: o.index)
    return result


def _outcome(item: Item, outcome: str | Outcome) -> RowOutcome:
    row, record = item
    return RowOutcome(row.index, row.line, Outcome(outcome), record_key(record))


def _vanished(item: Item, what: str) -> RowOutcome:
    # The pre-check saw the referenced node, yet the write did not find it: deleted meanwhile.
    return reject(
        item[0],
        [FieldError(what, "a referenced record disappeared during the import")],
        key=record_key(item[1]),
    )


_NODE_QUERY = {Kind.ACCOUNTS: "ingest_accounts", Kind.STAFF: "ingest_staff"}


def _nodes(kind: Kind, items: list[Item]) -> BatchWork:
    rows = [{"i": n, "key": rec.key, "props": rec.properties()} for n, (_, rec) in enumerate(items)]  # type: ignore[attr-defined]
    result = BatchResult()
    found = yield Statement(_NODE_QUERY[kind], {"rows": rows})
    by_index = {r["i"]: r["outcome"] for r in found}
    for n, item in enumerate(items):
        outcome = _outcome(item, by_index[n])
        result.outcomes.append(outcome)
        if kind is Kind.ACCOUNTS and outcome.outcome is not Outcome.DUPLICATE:
            result.touched_accounts.add(item[1].key)  # type: ignore[attr-defined]
    return result


def _existing(
    allowed: list[str] | None,
    accounts: Iterable[str] = (),
    contacts: Iterable[str] = (),
    staff: Iterable[str] = (),
    written_contacts: Iterable[str] = (),
) -> Statement:
    return Statement(
        "ingest_existing_keys",
        {
            "accountKeys": sorted(set(accounts)),
            "contactKeys": sorted(set(contacts)),
            "staffKeys": sorted(set(staff)),
            "writtenContactKeys": sorted(set(written_contacts)) if allowed is not None else [],
            "allowed": allowed,
        },
    )


def _missing(field_name: str, what: str, keys: Iterable[str], known: set[str]) -> list[FieldError]:
    return [FieldError(field_name, f"unknown {what} {k!r}") for k in keys if k not in known]


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch(instant: datetime) -> list[int]:
    """An aware datetime as `[seconds since 1970-01-01T00:00Z, nanoseconds]` (floor division).

    Interactions send their instant this way and Cypher rebuilds it with
    `datetime({epochSeconds: at[0], nanosecond: at[1]})`: the same UTC instant, without the Python
    driver's per-datetime conversion, which cost more than the rest of a row's parameters.

    >>> epoch(datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC))
    [-1, 500000000]
    """
    delta = instant - _EPOCH
    return [delta.days * 86_400 + delta.seconds, delta.microseconds * 1000]


def _interaction_row(n: int, record: InteractionRecord) -> dict[str, Any]:
    props = record.properties()
    del props["occurredAt"]  # sent as `at`
    return {
        "i": n,
        "accountKey": record.account_key,
        "at": epoch(record.occurred_at),
        "contactKeys": record.contact_keys,
        "staffKeys": record.staff_keys,
        "props": props,
    }


@dataclass(frozen=True)
class InteractionBatch:
    """A batch of interactions' parameters, built before its transaction (by `prepare`, in the planning
    thread while the previous batch commits): the lookup's, and one row per item for the writes."""

    lookup: dict[str, Any]
    rows: list[dict[str, Any]]
    keys: list[str]
    """Each item's outcome key (`record_key`): made here, off the writer's path between statements."""


def prepare(kind: Kind, items: list[Item]) -> InteractionBatch | None:
    """What can be computed of a batch's parameters before it is written (None for kinds with nothing to
    gain: their batches are small or their statements depend on what the transaction finds)."""
    if kind is not Kind.INTERACTIONS:
        return None
    records: list[InteractionRecord] = [rec for _, rec in items]  # type: ignore[misc]
    return InteractionBatch(
        lookup={
            "accountKeys": sorted({r.account_key for r in records}),
            "contactKeys": sorted({k for r in records for k in r.contact_keys}),
            "staffKeys": sorted({k for r in records for k in r.staff_keys}),
            "ids": [[r.source, r.key] for r in records],
        },
        rows=[_interaction_row(n, r) for n, r in enumerate(records)],
        keys=[record_key(r) for r in records],
    )


def _interactions(
    items: list[Item], prepared: InteractionBatch | None, allowed: list[str] | None
) -> BatchWork:
    records: list[InteractionRecord] = [rec for _, rec in items]  # type: ignore[misc]
    batch = prepared if prepared is not None else prepare(Kind.INTERACTIONS, items)
    assert batch is not None
    # One read for the batch: which names exist, and which interactions are stored already. The second
    # decides, in this transaction, between a plain CREATE (no MERGE, no marker property) and a
    # comparison; a replay is then counted `duplicate`, or `updated` if it changed anything (its
    # properties, its account, its participants).
    found = yield Statement("ingest_interactions_lookup", {**batch.lookup, "allowed": allowed})
    answer = found[0]
    accounts, contacts, staff, stored, foreign = (
        set(answer[c]) for c in ("accounts", "contacts", "staff", "stored", "outOfScope")
    )
    if allowed is not None and contacts:
        # A contact's threads count toward every account they work or worked at, so a limited writer
        # may name only contacts wholly inside its accounts (the test its contact upserts pass); any
        # other is as unknown to it as one it cannot see. Staff need no such test: they weigh on an
        # account's metrics only through a thread with one of its contacts.
        shared = yield _existing(allowed, written_contacts=contacts)
        contacts -= set(shared[0]["outOfScope"])
    result = BatchResult()
    new: list[int] = []  # indexes into `items`
    old: list[int] = []
    for n, rec in enumerate(records):
        if not (
            rec.account_key in accounts
            and contacts.issuperset(rec.contact_keys)
            and staff.issuperset(rec.staff_keys)
            and n not in foreign
        ):
            # A replay moves the interaction from its stored account to the row's: a limited writer must
            # be allowed both (the row's is checked by `_scoped`, the stored one is `foreign`).
            errors = (
                _missing("account_key", "account", [rec.account_key], accounts)
                + ([out_of_scope("key")] if n in foreign else [])
                + _missing("contact_keys", "contact", rec.contact_keys, contacts)
                + _missing("staff_keys", "staff member", rec.staff_keys, staff)
            )
            result.outcomes.append(reject(items[n][0], errors, key=batch.keys[n]))
        elif n in stored:
            old.append(n)
        else:
            new.append(n)
    outcome_of: dict[int, Outcome] = {}
    if new:
        rows = batch.rows if len(new) == len(records) else [batch.rows[n] for n in new]
        for r in (yield Statement("ingest_interactions_create", {"rows": rows})):
            outcome_of.update(dict.fromkeys(r["created"], Outcome.INSERTED))
    if old:
        rows = [batch.rows[n] for n in old]
        for r in (yield Statement("ingest_interactions_update", {"rows": rows})):
            outcome_of.update(dict.fromkeys(r["updated"], Outcome.UPDATED))
            outcome_of.update(dict.fromkeys(r["unchanged"], Outcome.DUPLICATE))
            # The accounts the updated interactions left (or stayed on): their metrics change too.
            result.touched_accounts.update(r["formerAccounts"])
    for n in sorted(new + old):
        item = items[n]
        if n not in outcome_of:
            result.outcomes.append(_vanished(item, "account_key"))
            continue
        row = item[0]
        outcome = outcome_of[n]
        result.outcomes.append(RowOutcome(row.index, row.line, outcome, batch.keys[n]))
        if outcome is not Outcome.DUPLICATE:
            result.touched_accounts.add(records[n].account_key)
    return result


def _coverage(items: list[Item], allowed: list[str] | None) -> BatchWork:
    records: list[CoverageRecord] = [rec for _, rec in items]  # type: ignore[misc]
    found = yield _existing(
        allowed, accounts=(r.account_key for r in records), staff=(r.staff_key for r in records)
    )
    accounts, staff = set(found[0]["accounts"]), set(found[0]["staff"])
    result = BatchResult()
    good: list[Item] = []
    for item, rec in zip(items, records, strict=True):
        errors = _missing("staff_key", "staff member", [rec.staff_key], staff) + _missing(
            "account_key", "account", [rec.account_key], accounts
        )
        if errors:
            result.outcomes.append(reject(item[0], errors, key=record_key(rec)))
        else:
            good.append(item)
    if not good:
        return result
    good_records: list[CoverageRecord] = [rec for _, rec in good]  # type: ignore[misc]
    rows = [
        {
            "i": n,
            "staffKey": r.staff_key,
            "accountKey": r.account_key,
            "role": r.role.value,
            "since": r.since,
            "until": r.until,
        }
        for n, r in enumerate(good_records)
    ]
    written = yield Statement("ingest_coverage", {"rows": rows})
    by_index = {r["i"]: r["outcome"] for r in written}
    for n, item in enumerate(good):
        if n not in by_index:
            result.outcomes.append(_vanished(item, "account_key"))
            continue
        outcome = _outcome(item, by_index[n])
        result.outcomes.append(outcome)
        if outcome.outcome is not Outcome.DUPLICATE:
            result.touched_accounts.add(item[1].account_key)  # type: ignore[attr-defined]
    return result


def _contacts(items: list[Item], *, now: datetime, defer: bool, allowed: list[str] | None) -> BatchWork:
    records: list[ContactRecord] = [rec for _, rec in items]  # type: ignore[misc]
    batch_keys = {r.key for r in records}
    found = yield _existing(
        allowed,
        accounts=(r.account_key for r in records if r.account_key),
        contacts=(
            r.reports_to_key for r in records if r.reports_to_key and r.reports_to_key not in batch_keys
        ),
        written_contacts=batch_keys,
    )
    accounts, stored_contacts = set(found[0]["accounts"]), set(found[0]["contacts"])
    foreign = set(found[0]["outOfScope"])
    result = BatchResult()

    # Rows that name an unknown account, or a stored contact outside the writer's accounts (writing it
    # would rename or move someone of another account), are rejected; a manager must then be stored or
    # come from a row of this batch that is itself written (repeat until no more rows fall out: chains
    # of managers).
    alive: dict[int, Item] = {}
    for n, (item, rec) in enumerate(zip(items, records, strict=True)):
        if rec.key in foreign:
            result.outcomes.append(reject(item[0], [out_of_scope("key")], key=rec.key))
        elif rec.account_key is not None and rec.account_key not in accounts:
            result.outcomes.append(
                reject(item[0], _missing("account_key", "account", [rec.account_key], accounts), key=rec.key)
            )
        else:
            alive[n] = item
    while True:
        written_keys = {item[1].key for item in alive.values()}  # type: ignore[attr-defined]
        known = stored_contacts | written_keys
        orphans = [
            n
            for n in alive
            if records[n].reports_to_key is not None and records[n].reports_to_key not in known
        ]
        if not orphans:
            break
        for n in orphans:
            item = alive.pop(n)
            rec = records[n]
            if defer:
                result.deferred.append(item)
            else:
                result.outcomes.append(
                    reject(
                        item[0],
                        [FieldError("reports_to_key", f"unknown contact {rec.reports_to_key!r}")],
                        key=rec.key,
                    )
                )
    if not alive:
        return result

    # A contact repeated in the batch (its employment history) is written in rounds, in input order,
    # so that each statement names a contact once and a later row sees the earlier one's effect.
    rounds: list[list[int]] = []
    seen_count: dict[str, int] = {}
    for n in sorted(alive):
        depth = seen_count.get(records[n].key, 0)
        seen_count[records[n].key] = depth + 1
        if depth == len(rounds):
            rounds.append([])
        rounds[depth].append(n)

    node_outcome: dict[int, str] = {}
    changed: set[int] = set()
    history: set[int] = set()  # rows about a past employment: their reporting line is history too
    for members in rounds:
        node_rows = [
            {
                "i": n,
                "key": records[n].key,
                "accountKey": records[n].account_key,
                "since": records[n].since,
                "until": records[n].until,
                "props": records[n].properties(),
            }
            for n in members
        ]
        for r in (yield Statement("ingest_contacts", {"rows": node_rows})):
            node_outcome[r["i"]] = r["outcome"]
            if r["history"]:
                history.add(r["i"])
        # The same rows, for the employment of those that name an account: it keeps the role, title and
        # seniority held there; whether the row is history decides if it states them whole or corrects.
        employment = [row for row in node_rows if row["accountKey"] is not None]
        for row in employment:
            row["history"] = row["i"] in history
        if employment:
            for r in (yield Statement("ingest_contact_employment", {"rows": employment, "now": now})):
                if r["changed"]:
                    changed.add(r["i"])
                    result.touched_accounts.update(r["closedAccounts"])
        # A row naming no account is the contact's present: the jobs they hold now take its role, so
        # that the employment still knows it after a move (and those accounts' metrics see the change).
        unplaced = [row for row in node_rows if row["accountKey"] is None]
        if unplaced:
            for r in (yield Statement("ingest_contact_open_employments", {"rows": unplaced})):
                if r["accounts"]:
                    changed.add(r["i"])
                    result.touched_accounts.update(r["accounts"])
        reports = [
            {"i": n, "key": records[n].key, "reportsToKey": records[n].reports_to_key}
            for n in members
            if records[n].reports_to_key is not None and n not in history
        ]
        if reports:
            for r in (yield Statement("ingest_contact_reports_to", {"rows": reports})):
                if r["changed"]:
                    changed.add(r["i"])

    for n in sorted(alive):
        item, rec = alive[n], records[n]
        outcome = Outcome(node_outcome[n])
        if outcome is Outcome.DUPLICATE and n in changed:
            outcome = Outcome.UPDATED
        result.outcomes.append(RowOutcome(item[0].index, item[0].line, outcome, rec.key))
        if outcome is not Outcome.DUPLICATE and rec.account_key is not None:
            result.touched_accounts.add(rec.account_key)
    result.outcomes.sort(key=lambda o: o.index)
    return result
