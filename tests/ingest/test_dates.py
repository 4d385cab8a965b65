"""Date and datetime fields take ISO 8601 text or Python datetimes, never a number.

pydantic reads a number (or a string of digits) as Unix epoch seconds: a new user's CSV with Excel serial
dates (46027) and compact dates (20260105) was stored as days in 1970, counted as inserted, exit 0.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from graph.records import (
    RECORD_TYPES,
    AccountRecord,
    ContactRecord,
    CoverageRecord,
    InteractionRecord,
    Record,
    field_errors,
)
from graph.store import Store
from tests.ingest.conftest import ACCOUNTS, write_csv, write_jsonl

EXPECTED = "expected an ISO 8601 date-time such as 2026-01-05T10:00:00Z (or a date 2026-01-05); got a number"

# A valid record of each kind with date fields, to which one date field at a time is set.
VALID: dict[type[Record], dict[str, Any]] = {
    AccountRecord: {
        "key": "a1",
        "name": "A",
        "segment": "smb",
        "tier": "key",
        "lifecycle_stage": "churned",
        "annual_revenue": "1e6",
        "gross_margin_rate": "0.4",
        "churned_at": "2026-01-01",
    },
    ContactRecord: {
        "key": "c1",
        "name": "C",
        "account_key": "a1",
        "since": "2025-01-01",
        "until": "2026-01-01",
    },
    CoverageRecord: {
        "staff_key": "s1",
        "account_key": "a1",
        "role": "owner",
        "since": "2025-01-01",
        "until": "2026-01-01",
    },
    InteractionRecord: {
        "key": "i1",
        "source": "crm",
        "channel": "email",
        "occurred_at": "2026-01-05",
        "direction": "inbound",
        "account_key": "a1",
    },
}


def _names_datetime(annotation: Any) -> bool:
    # datetime itself, or inside Optional/Annotated at any depth (`UtcDateTime | None`).
    return annotation is datetime or any(_names_datetime(arg) for arg in get_args(annotation))


DATE_FIELDS = [
    (model, name)
    for model in RECORD_TYPES.values()
    for name, info in model.model_fields.items()
    if _names_datetime(info.annotation)
]

NUMBERS: list[Any] = [
    46027,  # an Excel serial date (2026-01-05), as a JSON number
    "46027",  # the same, as a CSV cell
    "20260105",  # a compact date
    20260105,
    46027.5,
    "46027.5",
    "+46027",
    "4.6e4",
    "-1",
    " 45658 ",
    "2026",  # a year alone: pydantic read it as 2026 seconds past 1970
    "1736000000",  # Unix seconds
    Decimal("46027"),
    b"46027",
]


def _id(value: object) -> str:
    return repr(value)


def test_every_date_field_of_every_record_is_covered() -> None:
    # The fields the tests below run over, found from the models so that a new one is not missed.
    assert {(m.__name__, n) for m, n in DATE_FIELDS} == {
        ("AccountRecord", "churned_at"),
        ("ContactRecord", "since"),
        ("ContactRecord", "until"),
        ("CoverageRecord", "since"),
        ("CoverageRecord", "until"),
        ("InteractionRecord", "occurred_at"),
    }


@pytest.mark.parametrize("value", NUMBERS, ids=_id)
@pytest.mark.parametrize(("model", "name"), DATE_FIELDS, ids=lambda x: getattr(x, "__name__", x))
def test_a_number_in_a_date_field_is_refused_naming_the_field(
    model: type[Record], name: str, value: object
) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate({**VALID[model], name: value})
    [(field, message)] = field_errors(caught.value)
    assert field == name
    assert message.startswith(EXPECTED), message


@pytest.mark.parametrize(("model", "name"), DATE_FIELDS, ids=lambda x: getattr(x, "__name__", x))
def test_a_camel_case_number_is_refused_too(model: type[Record], name: str) -> None:
    data = {k: v for k, v in VALID[model].items() if k != name}
    with pytest.raises(ValidationError) as caught:
        model.model_validate({**data, to_camel(name): 45658})
    assert field_errors(caught.value) == [(name, f"{EXPECTED}, 45658")]


def test_a_compact_date_is_refused_with_the_date_it_would_be() -> None:
    with pytest.raises(ValidationError) as caught:
        InteractionRecord.model_validate({**VALID[InteractionRecord], "occurred_at": "20260105"})
    [(_, message)] = field_errors(caught.value)
    assert message == f"{EXPECTED}, 20260105 (if that is a date, write it 2026-01-05)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-05", datetime(2026, 1, 5, tzinfo=UTC)),
        (" 2026-01-05 ", datetime(2026, 1, 5, tzinfo=UTC)),  # stripped, as every other field
        ("2026-01-05T10:00:00Z", datetime(2026, 1, 5, 10, tzinfo=UTC)),
        ("2026-01-05T10:00:00", datetime(2026, 1, 5, 10, tzinfo=UTC)),
        ("2026-01-05 10:00", datetime(2026, 1, 5, 10, tzinfo=UTC)),
        ("2026-01-05T10:00:00+05:30", datetime(2026, 1, 5, 4, 30, tzinfo=UTC)),
        ("2026-01-05T10:00:00+0530", datetime(2026, 1, 5, 4, 30, tzinfo=UTC)),
        ("2026-01-05T10:00:00.250-02:00", datetime(2026, 1, 5, 12, 0, 0, 250_000, tzinfo=UTC)),
        (
            datetime(2026, 1, 5, 10, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            datetime(2026, 1, 5, 4, 30, tzinfo=UTC),
        ),
        (datetime(2026, 1, 5, 10), datetime(2026, 1, 5, 10, tzinfo=UTC)),
        (date(2026, 1, 5), datetime(2026, 1, 5, tzinfo=UTC)),
    ],
    ids=_id,
)
@pytest.mark.parametrize(("model", "name"), DATE_FIELDS, ids=lambda x: getattr(x, "__name__", x))
def test_iso_text_and_python_datetimes_still_work(
    model: type[Record], name: str, value: object, expected: datetime
) -> None:
    # `until` must not fall before `since`: give the other end of a period the same instant.
    data = {**VALID[model], name: value}
    for other in ("since", "until"):
        if name in ("since", "until") and other != name:
            data[other] = value
    record = model.model_validate(data)
    assert getattr(record, name) == expected
    assert getattr(record, name).tzinfo is UTC


def test_other_bad_values_keep_their_own_message() -> None:
    for value, text in [
        (True, "valid datetime"),
        ("31/12/2026", "valid datetime"),
        ("1850-01-01", "1900-01-01"),
    ]:
        with pytest.raises(ValidationError) as caught:
            InteractionRecord.model_validate({**VALID[InteractionRecord], "occurred_at": value})
        [(field, message)] = field_errors(caught.value)
        assert field == "occurred_at" and text in message and "got a number" not in message, message


# ---------------------------------------------------------------------------------------------- files


def _stored(store: Store, label: str, prop: str) -> dict[str, Any]:
    rows = store.read("ingest_graph_dump")[0]["nodes"]
    return {n["props"]["key"]: n["props"].get(prop) for n in rows if n["labels"] == [label]}


def _summary(result: Any, name: str) -> dict[str, Any]:
    [row] = [r for r in json.loads(result.stdout) if Path(r["file"]).name == name]
    return row


def test_csv_with_excel_serials_and_compact_dates_rejects_those_rows(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    accounts = [
        {**ACCOUNTS[0], "key": "A1"},
        {**ACCOUNTS[1], "key": "A2", "lifecycle_stage": "churned", "churned_at": "45658"},
        {**ACCOUNTS[2], "key": "A3", "lifecycle_stage": "churned", "churned_at": "2025-01-01"},
    ]
    write_csv(tmp_path / "accounts.csv", accounts)
    result = run_import(str(tmp_path / "accounts.csv"), "--json")
    assert result.exit_code == 3, result.stderr
    row = _summary(result, "accounts.csv")
    assert (row["rows"], row["inserted"], row["rejected"]) == (3, 2, 1)
    assert f"accounts.csv:3: churned_at: {EXPECTED}, 45658" in result.stderr, result.stderr
    churned = _stored(clean_store, "Account", "churnedAt")
    assert set(churned) == {"A1", "A3"}
    assert churned["A3"] == datetime(2025, 1, 1, tzinfo=UTC)

    # The new user's file as it was, with one good row.
    (tmp_path / "interactions.csv").write_text(
        "key,source,channel,occurred_at,direction,account_key\n"
        "xl1,xl,email,46027,inbound,A1\n"
        "xl2,xl,email,20260105,inbound,A1\n"
        "xl3,xl,email,2026-01-05T10:00:00+0530,inbound,A1\n"
    )
    result = run_import(str(tmp_path / "interactions.csv"), "--json")
    assert result.exit_code == 3, result.stderr
    row = _summary(result, "interactions.csv")
    assert (row["rows"], row["inserted"], row["rejected"]) == (3, 1, 2)
    assert f"interactions.csv:2: occurred_at: {EXPECTED}, 46027" in result.stderr, result.stderr
    assert f"interactions.csv:3: occurred_at: {EXPECTED}, 20260105" in result.stderr, result.stderr
    occurred = _stored(clean_store, "Interaction", "occurredAt")
    assert occurred == {"xl3": datetime(2026, 1, 5, 4, 30, tzinfo=UTC)}
    rejects = (tmp_path / "interactions.rejects.csv").read_text()
    assert "xl1" in rejects and "xl2" in rejects and "xl3" not in rejects


def test_jsonl_with_a_number_for_a_datetime_rejects_that_row(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    write_csv(tmp_path / "accounts.csv", [{**ACCOUNTS[0], "key": "A1"}])
    assert run_import(str(tmp_path / "accounts.csv")).exit_code == 0
    base = {"source": "xl", "channel": "email", "direction": "inbound", "account_key": "A1"}
    path = write_jsonl(
        tmp_path / "interactions.jsonl",
        [
            {**base, "key": "n1", "occurred_at": 46027},
            {**base, "key": "n2", "occurred_at": 1767607200.0},
            {**base, "key": "n3", "occurred_at": "2026-01-05T10:00:00Z"},
        ],
    )
    result = run_import(str(path), "--json")
    assert result.exit_code == 3, result.stderr
    row = _summary(result, "interactions.jsonl")
    assert (row["rows"], row["inserted"], row["rejected"]) == (3, 1, 2)
    assert f"interactions.jsonl:1: occurred_at: {EXPECTED}, 46027" in result.stderr, result.stderr
    assert f"interactions.jsonl:2: occurred_at: {EXPECTED}, 1767607200.0" in result.stderr, result.stderr
    assert set(_stored(clean_store, "Interaction", "occurredAt")) == {"n3"}
