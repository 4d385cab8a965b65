"""Text fields refuse what would display otherwise than stored (controls, bidi formatting), and emails
must look like one; a tester stored an account named with a NUL and a right-to-left override, echoed in
every risk sentence, and contacts with `not-an-email` and `@@` as their email."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from graph.records import AccountRecord, ContactRecord, InteractionRecord, StaffRecord, field_errors

ACCOUNT = {"key": "a1", "name": "Acme", "segment": "smb", "tier": "growth", "lifecycle_stage": "active",
           "annual_revenue": 1, "gross_margin_rate": 0.5}
CONTACT = {"key": "c1", "name": "Ann", "account_key": "a1"}
STAFF = {"key": "s1", "name": "Sam", "function": "sales", "cost_per_hour": 1}
INTERACTION = {"key": "i1", "source": "crm", "channel": "email", "occurred_at": "2026-01-02T10:00:00Z",
               "direction": "outbound", "account_key": "a1"}


def _errors(model: Any, row: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(row)
    return field_errors(caught.value)


@pytest.mark.parametrize(
    ("model", "row", "field", "value", "reason"),
    [
        (AccountRecord, ACCOUNT, "name", "Acme\x00", "holds the control character U+0000 at position 5"),
        (AccountRecord, ACCOUNT, "name", "Evil\u202eSA", "holds U+202E at position 5, a bidirectional"),
        (AccountRecord, ACCOUNT, "key", "a\n1", "holds the control character U+000A at position 2"),
        (AccountRecord, ACCOUNT, "domain", "acme\x1b.com", "holds the control character U+001B"),
        (ContactRecord, CONTACT, "name", "Ann\u2066x", "holds U+2066 at position 4, a bidirectional"),
        (ContactRecord, CONTACT, "account_key", "a\x001", "holds the control character U+0000"),
        (ContactRecord, CONTACT, "email", "not-an-email", "not an email address: 'not-an-email'"),
        (StaffRecord, STAFF, "email", "@@", "not an email address: '@@' (expected name@domain)"),
        (StaffRecord, STAFF, "email", "a b@c.d", "not an email address"),
        (InteractionRecord, INTERACTION, "subject", "hi\x07", "holds the control character U+0007"),
        (InteractionRecord, INTERACTION, "contact_keys", ["c1", "c\u202e2"], "a bidirectional"),
    ],
)
def test_a_value_that_would_display_otherwise_is_refused_naming_the_field(
    model: Any, row: dict[str, Any], field: str, value: Any, reason: str
) -> None:
    [(named, message)] = _errors(model, {**row, field: value})
    assert named == field
    assert reason in message


def test_ordinary_text_passes_and_a_blank_email_is_none() -> None:
    contact = ContactRecord.model_validate({**CONTACT, "name": " Zoë O'Brien-Łukasz 李 ", "email": "  ",
                                            "title": "VP, Procurement & Ops"})
    assert (contact.name, contact.email) == ("Zoë O'Brien-Łukasz 李", None)
    assert contact.title == "VP, Procurement & Ops"
    staff = StaffRecord.model_validate({**STAFF, "email": " sam@example.com "})
    assert staff.email == "sam@example.com"
    interaction = InteractionRecord.model_validate({**INTERACTION, "subject": "Renewal\n\tnext steps\r\n"})
    assert interaction.subject == "Renewal\n\tnext steps"
