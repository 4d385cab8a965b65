"""The record contract: aliases, stripping, blanks, enums, dates, list fields and whole-record rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from graph.ingest.report import Outcome
from graph.ingest.validation import SourceRow, Validator, raw_key
from graph.reasons import LIST_WORDING
from graph.records import (
    AccountRecord,
    ContactRecord,
    CoverageRecord,
    InteractionRecord,
    Kind,
    StaffRecord,
    field_errors,
)

INTERACTION = {
    "key": " i1 ",
    "source": "crm",
    "channel": "meeting",
    "occurred_at": "2026-01-02T10:00:00",
    "direction": "mutual",
    "account_key": "a1",
    "contact_keys": "c1; c2|c1",
    "staff_keys": ["s1"],
}


def test_interaction_strips_splits_and_assumes_utc() -> None:
    record = InteractionRecord.model_validate(INTERACTION)
    assert record.key == "i1"
    assert record.contact_keys == ["c1", "c2"]
    assert record.occurred_at == datetime(2026, 1, 2, 10, tzinfo=UTC)


def test_camel_case_aliases_and_offsets_become_utc() -> None:
    record = InteractionRecord.model_validate(
        {
            **{k: v for k, v in INTERACTION.items() if k not in ("account_key", "occurred_at")},
            "accountKey": "a1",
            "occurredAt": "2026-01-02T12:00:00+02:00",
        }
    )
    assert record.account_key == "a1"
    assert record.occurred_at == datetime(2026, 1, 2, 10, tzinfo=UTC)


def test_blank_cells_mean_absent() -> None:
    record = InteractionRecord.model_validate({**INTERACTION, "sentiment": "", "cost": "  ", "subject": None})
    assert record.sentiment is None and record.cost is None and record.subject is None
    assert record.properties()["sentiment"] is None


def test_errors_name_fields_in_snake_case() -> None:
    with pytest.raises(ValidationError) as exc:
        InteractionRecord.model_validate(
            {
                **INTERACTION,
                "channel": "fax",
                "sentiment": 3,
                "accountKey": "",
                "account_key": None,
                "colour": "red",
            }
        )
    errors = dict(field_errors(exc.value))
    assert set(errors) == {"channel", "sentiment", "account_key", "colour"}
    # A blank required value is the usual cause of "required": the message says so (not "Field required").
    assert errors["account_key"] == "required: missing or blank"
    assert errors["colour"] == "unknown field"


def test_churned_account_needs_churned_at() -> None:
    base = {
        "key": "a",
        "name": "A",
        "segment": "smb",
        "tier": "key",
        "lifecycle_stage": "churned",
        "annual_revenue": "1e6",
        "gross_margin_rate": "0.4",
    }
    with pytest.raises(ValidationError) as exc:
        AccountRecord.model_validate(base)
    assert field_errors(exc.value)[0][0] == "churned_at"
    assert AccountRecord.model_validate({**base, "churned_at": "2026-01-01"}).churned_at is not None


def test_contact_defaults_and_properties_leave_relationships_out() -> None:
    record = ContactRecord.model_validate({"key": "c", "name": "C", "accountKey": "a", "since": "2025-01-01"})
    assert record.role.value == "unknown" and record.seniority.value == "unknown"
    assert set(record.properties()) == {"key", "name", "email", "title", "role", "seniority", "department"}


def test_contact_rules() -> None:
    with pytest.raises(ValidationError) as exc:
        ContactRecord.model_validate({"key": "c", "name": "C", "since": "2025-01-01"})
    assert field_errors(exc.value)[0][0] == "since"
    with pytest.raises(ValidationError):
        ContactRecord.model_validate({"key": "c", "name": "C", "reports_to_key": "c"})


def test_staff_booleans_from_csv() -> None:
    record = StaffRecord.model_validate(
        {"key": "s", "name": "S", "function": "sales", "cost_per_hour": "90", "active": "false"}
    )
    assert record.active is False and record.properties()["costPerHour"] == 90.0


def test_validator_reports_duplicates_with_the_first_line() -> None:
    validator = Validator(Kind.INTERACTIONS)
    rows = [SourceRow(0, 2, INTERACTION), SourceRow(1, 9, {**INTERACTION, "subject": "other"})]
    items = [(row, validator.check(row)) for row in rows]
    assert all(isinstance(record, InteractionRecord) for _, record in items)
    kept, repeats = validator.unique(items[:1])
    assert kept == items[:1] and repeats == []
    kept, repeats = validator.unique(items[1:])  # a later batch
    assert kept == []
    [(again, source)] = repeats
    assert source is rows[1]
    assert again.outcome is Outcome.REJECTED and again.line == 9
    assert again.field == "key" and "line 2" in again.message


def test_file_rows_are_worded_for_files_and_lists_for_api_clients() -> None:
    # One validation, two readers: a file's (snake_case, lines) and an API client's (camelCase, indexes).
    validator = Validator(Kind.COVERAGE)
    cover = {"staff_key": "s1", "account_key": "a1", "role": "csm"}
    rows = [SourceRow(0, 2, cover), SourceRow(1, 3, {**cover, "role": "owner", "since": "2026-02-01",
                                                      "until": "2026-01-01"}), SourceRow(2, 7, cover)]
    checked = [validator.check(row) for row in rows]
    backwards = checked[1]
    assert not isinstance(backwards, CoverageRecord)
    assert backwards.key == "s1/a1/owner"  # the key every other coverage outcome reports
    assert backwards.message == "until: until is before since"
    [(repeat, _)] = validator.unique([(rows[0], checked[0]), (rows[2], checked[2])])[1]
    assert repeat.field == "key" and repeat.key == "s1/a1/csm"
    assert repeat.message == "key: duplicate of line 2 (s1, a1, csm)"
    assert repeat.describe(LIST_WORDING) == "key: duplicate of index 1 (s1, a1, csm)"  # line 2 = index 1
    churned = Validator(Kind.ACCOUNTS).check(SourceRow(0, 1, {
        "key": "a", "name": "A", "segment": "smb", "tier": "key", "lifecycle_stage": "churned",
        "annual_revenue": "1", "gross_margin_rate": "0.4"}))
    assert not isinstance(churned, AccountRecord)
    assert churned.message == "churned_at: churned_at is required when lifecycle_stage is churned"
    assert churned.describe(LIST_WORDING) == "churnedAt: churnedAt is required when lifecycleStage is churned"


def test_composite_keys_split_back_into_their_parts() -> None:
    keys = {
        raw_key(Kind.INTERACTIONS, {"source": "a/b", "key": "x"}),
        raw_key(Kind.INTERACTIONS, {"source": "a", "key": "b/x"}),
        raw_key(Kind.INTERACTIONS, {"source": "a%2Fb", "key": "x"}),
    }
    assert keys == {"a%2Fb/x", "a/b%2Fx", "a%252Fb/x"}
    assert raw_key(Kind.INTERACTIONS, {"key": "i5"}) is None  # no source: no key rather than half of one
    assert raw_key(Kind.ACCOUNTS, {"key": " a/b "}) == "a/b"  # a single part stays as it is
