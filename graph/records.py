"""The records relgraph takes in: one pydantic model per kind, for the files, GraphQL inputs and the store.

Attributes are snake_case; camelCase aliases are accepted too (``accountKey`` as well as
``account_key``), strings are stripped, and a blank value (``""`` or ``None``) counts as absent, so
that an empty CSV cell and a missing JSON field mean the same thing. Datetimes without a timezone
are taken as UTC; every datetime leaves validation timezone-aware in UTC, as Cypher parameters must be.

Each record knows the Neo4j properties it writes (``properties()``, camelCase, per DESIGN.md).
``RECORD_TYPES`` maps the kind names used by ``relgraph import --kind`` and by ``graph.ingest``
to the models.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from typing import Annotated, Any, ClassVar, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic.alias_generators import to_camel

from graph.instants import EARLIEST_INSTANT, LATEST_INSTANT, UtcDateTime, in_supported_range, to_utc
from graph.reasons import FILE_WORDING, FieldName, Part
from graph.text_values import Email, Key, Name, Text

__all__ = [
    "EARLIEST_INSTANT",
    "LATEST_INSTANT",
    "MAX_ANNUAL_REVENUE",
    "MAX_COST_PER_HOUR",
    "MAX_DURATION_MINUTES",
    "MAX_INTERACTION_COST",
    "RECORD_TYPES",
    "AccountRecord",
    "Channel",
    "ContactRecord",
    "ContactRole",
    "CoverageRecord",
    "CoverageRole",
    "Direction",
    "InteractionRecord",
    "Kind",
    "LifecycleStage",
    "Record",
    "RuleViolation",
    "Segment",
    "Seniority",
    "StaffFunction",
    "StaffRecord",
    "Tier",
    "field_errors",
    "field_reasons",
    "in_supported_range",
    "to_utc",
]


# ---------------------------------------------------------------------------------------------- enums


class Kind(StrEnum):
    """The kinds of records relgraph imports (also the file-name hints: ``contacts.csv``)."""

    ACCOUNTS = "accounts"
    CONTACTS = "contacts"
    STAFF = "staff"
    COVERAGE = "coverage"
    INTERACTIONS = "interactions"


class Segment(StrEnum):
    ENTERPRISE = "enterprise"
    MID_MARKET = "mid_market"
    SMB = "smb"
    PUBLIC_SECTOR = "public_sector"


class Tier(StrEnum):
    STRATEGIC = "strategic"
    KEY = "key"
    GROWTH = "growth"
    STANDARD = "standard"


class LifecycleStage(StrEnum):
    PROSPECT = "prospect"
    ONBOARDING = "onboarding"
    ACTIVE = "active"
    RENEWAL = "renewal"
    EXPANSION = "expansion"
    CHURNED = "churned"


class ContactRole(StrEnum):
    ECONOMIC_BUYER = "economic_buyer"
    DECISION_MAKER = "decision_maker"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    TECHNICAL_EVALUATOR = "technical_evaluator"
    USER = "user"
    PROCUREMENT = "procurement"
    BLOCKER = "blocker"
    UNKNOWN = "unknown"


class Seniority(StrEnum):
    C_LEVEL = "c_level"
    VP = "vp"
    DIRECTOR = "director"
    MANAGER = "manager"
    INDIVIDUAL = "individual"
    UNKNOWN = "unknown"


class StaffFunction(StrEnum):
    SALES = "sales"
    MARKETING = "marketing"
    SERVICE = "service"
    SUCCESS = "success"
    PRODUCT = "product"
    FINANCE = "finance"
    EXECUTIVE = "executive"


class CoverageRole(StrEnum):
    OWNER = "owner"
    CSM = "csm"
    SUPPORT = "support"
    EXECUTIVE_SPONSOR = "executive_sponsor"


class Channel(StrEnum):
    EMAIL = "email"
    MEETING = "meeting"
    CALL = "call"
    CHAT = "chat"
    SUPPORT_TICKET = "support_ticket"
    EVENT = "event"
    WEBINAR = "webinar"
    COMMUNITY = "community"
    SOCIAL = "social"
    SURVEY = "survey"
    INVOICE = "invoice"
    PAYMENT = "payment"
    CONTRACT = "contract"
    OTHER = "other"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    MUTUAL = "mutual"


# ---------------------------------------------------------------------------------------------- field types


_LIST_SEPARATORS = re.compile(r"[;|]")


def _split_keys(value: Any) -> Any:
    """`"c1;c2"` or `"c1|c2"` (a CSV cell) or a list -> a list of stripped, distinct, non-blank keys."""
    if value is None:
        return []
    if isinstance(value, str):
        value = _LIST_SEPARATORS.split(value)
    if isinstance(value, (list, tuple)):
        seen: dict[str, None] = {}
        for item in value:
            if isinstance(item, str):
                item = item.strip()
                if item:
                    seen.setdefault(item, None)
            else:
                return value  # let pydantic report the wrong type
        return list(seen)
    return value



KeyList = Annotated[list[Key], BeforeValidator(_split_keys)]
"""Keys as a list, or one string separated by `;` or `|`; blanks and repeats dropped."""


# Upper bounds of the numbers a record carries. Finite is not enough: the metrics multiply and sum these
# (revenue x margin rate x risk, costs over every interaction of a year, portfolio totals over every
# account), and a value near the float maximum (1.8e308) overflows to inf there, which no JSON answer
# can carry. Each bound is far above any real value in any currency (the largest companies book under
# 10^15 a year even in won or dong), and with them no sum of realistic length can approach overflow.
MAX_ANNUAL_REVENUE = 10**15
"""Largest `annual_revenue` accepted (a thousand trillion, in the account's currency)."""
MAX_COST_PER_HOUR = 10**8
"""Largest `cost_per_hour` of a staff member accepted."""
MAX_INTERACTION_COST = 10**12
"""Largest `cost` of one interaction accepted."""
MAX_DURATION_MINUTES = 525_600
"""Longest `duration_minutes` of one interaction accepted: a year (365 days)."""


# ---------------------------------------------------------------------------------------------- records


class RuleViolation(ValueError):
    """A whole-record rule broken: the field it is about, and the reason with the fields it names kept
    as `FieldName`s (a file's reader reads `churned_at`, an API client `churnedAt`)."""

    def __init__(self, field: str, *parts: Part) -> None:
        super().__init__(FILE_WORDING.render(parts))
        self.field = field
        self.parts = parts


_F = FieldName


class Record(BaseModel):
    """Common configuration: snake_case names with camelCase aliases, stripped strings, no unknown fields."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        str_strip_whitespace=True,
        extra="forbid",
        frozen=True,
    )

    kind: ClassVar[Kind]
    # The attributes that are not node properties (they become relationships).
    _not_properties: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _drop_blanks(cls, data: Any) -> Any:
        # A blank CSV cell, an empty JSON string and null all mean "not given".
        if isinstance(data, dict):
            return {
                k: v for k, v in data.items() if v is not None and not (isinstance(v, str) and not v.strip())
            }
        return data

    def properties(self) -> dict[str, Any]:
        """The node's Neo4j properties, camelCase, enums as their string values (absent ones as None)."""
        values = self.__dict__
        props = {camel: values[name] for name, camel in _property_names(type(self))}
        for camel in _enum_properties(type(self)):
            if props[camel] is not None:
                props[camel] = props[camel].value
        return props


@cache
def _property_names(model: type[Record]) -> tuple[tuple[str, str], ...]:
    # Computed once per model: properties() runs for every row of a large import.
    return tuple((name, to_camel(name)) for name in model.model_fields if name not in model._not_properties)


@cache
def _enum_properties(model: type[Record]) -> tuple[str, ...]:
    # The properties whose field holds an enum (its annotation names a StrEnum, optional or not):
    # checking these few beats an isinstance on every value of every row.
    return tuple(
        to_camel(name)
        for name, field in model.model_fields.items()
        if name not in model._not_properties and _names_enum(field.annotation)
    )


def _names_enum(annotation: Any) -> bool:
    # StrEnum itself, or inside Optional/Annotated/unions at any depth.
    if isinstance(annotation, type):
        return issubclass(annotation, StrEnum)
    return any(_names_enum(arg) for arg in get_args(annotation))


class AccountRecord(Record):
    """A customer account (company) from the CRM."""

    kind: ClassVar[Kind] = Kind.ACCOUNTS

    key: Key
    name: Name
    domain: Text | None = None
    industry: Text | None = None
    segment: Segment
    tier: Tier
    lifecycle_stage: LifecycleStage
    annual_revenue: float = Field(ge=0, le=MAX_ANNUAL_REVENUE, allow_inf_nan=False)
    gross_margin_rate: float = Field(ge=0, le=1, allow_inf_nan=False)
    churned_at: UtcDateTime | None = None

    @model_validator(mode="after")
    def _churned_needs_date(self) -> AccountRecord:
        if self.lifecycle_stage is LifecycleStage.CHURNED and self.churned_at is None:
            raise RuleViolation(
                "churned_at", _F("churned_at"), " is required when ", _F("lifecycle_stage"), " is churned"
            )
        return self


class ContactRecord(Record):
    """A buyer-side person; `account_key` (`since`/`until`) is their job, `reports_to_key` their manager."""

    kind: ClassVar[Kind] = Kind.CONTACTS
    _not_properties: ClassVar[frozenset[str]] = frozenset({"account_key", "since", "until", "reports_to_key"})

    key: Key
    name: Name
    email: Email = None
    title: Text | None = None
    role: ContactRole = ContactRole.UNKNOWN
    seniority: Seniority = Seniority.UNKNOWN
    department: Text | None = None
    account_key: Key | None = None
    since: UtcDateTime | None = None
    until: UtcDateTime | None = None
    reports_to_key: Key | None = None

    @model_validator(mode="after")
    def _employment_is_consistent(self) -> ContactRecord:
        if self.account_key is None and (self.since is not None or self.until is not None):
            raise RuleViolation(
                "since", _F("since"), "/", _F("until"), " describe an employment and need ", _F("account_key")
            )
        if self.since is not None and self.until is not None and self.until < self.since:
            raise RuleViolation("until", _F("until"), " is before ", _F("since"))
        if self.reports_to_key is not None and self.reports_to_key == self.key:
            raise RuleViolation("reports_to_key", _F("reports_to_key"), " names the contact itself")
        return self


class StaffRecord(Record):
    """One of our people."""

    kind: ClassVar[Kind] = Kind.STAFF

    key: Key
    name: Name
    email: Email = None
    function: StaffFunction
    title: Text | None = None
    cost_per_hour: float = Field(ge=0, le=MAX_COST_PER_HOUR, allow_inf_nan=False)
    active: bool = True


class CoverageRecord(Record):
    """A staff member's assignment to an account (`COVERS`), unique by (staff, account, role)."""

    kind: ClassVar[Kind] = Kind.COVERAGE

    staff_key: Key
    account_key: Key
    role: CoverageRole
    since: UtcDateTime | None = None
    until: UtcDateTime | None = None

    @model_validator(mode="after")
    def _period_is_ordered(self) -> CoverageRecord:
        if self.since is not None and self.until is not None and self.until < self.since:
            raise RuleViolation("until", _F("until"), " is before ", _F("since"))
        return self


class InteractionRecord(Record):
    """One touch between our staff and an account's contacts; unique by (source, key)."""

    kind: ClassVar[Kind] = Kind.INTERACTIONS
    _not_properties: ClassVar[frozenset[str]] = frozenset({"account_key", "contact_keys", "staff_keys"})

    key: Key
    source: Key
    channel: Channel
    occurred_at: UtcDateTime
    direction: Direction
    duration_minutes: float | None = Field(None, ge=0, le=MAX_DURATION_MINUTES, allow_inf_nan=False)
    cost: float | None = Field(None, ge=0, le=MAX_INTERACTION_COST, allow_inf_nan=False)
    sentiment: float | None = Field(None, ge=-1, le=1, allow_inf_nan=False)
    subject: Text | None = None
    account_key: Key
    contact_keys: KeyList = Field(default_factory=list)
    staff_keys: KeyList = Field(default_factory=list)


RECORD_TYPES: dict[Kind, type[Record]] = {
    Kind.ACCOUNTS: AccountRecord,
    Kind.CONTACTS: ContactRecord,
    Kind.STAFF: StaffRecord,
    Kind.COVERAGE: CoverageRecord,
    Kind.INTERACTIONS: InteractionRecord,
}


def field_errors(exc: ValidationError) -> list[tuple[str, str]]:
    """`(field, message)` pairs of a validation error; the field is snake_case, `""` for whole-record errors.

    Messages name the offending value's field and what was expected, e.g.
    ``("channel", "Input should be 'email', 'meeting', ... ")``.
    """
    return [(name, FILE_WORDING.render(parts)) for name, parts in field_reasons(exc)]


def field_reasons(exc: ValidationError) -> list[tuple[str, tuple[Part, ...]]]:
    """`field_errors` with each reason in parts, so that the fields it names can be worded for its reader."""
    out: list[tuple[str, tuple[Part, ...]]] = []
    for err in exc.errors(include_url=False):
        loc = err.get("loc", ())
        name = str(loc[0]) if loc else ""
        rule = (err.get("ctx") or {}).get("error")
        if isinstance(rule, RuleViolation):
            out.append((rule.field, rule.parts))
            continue
        message = err.get("msg", "invalid")
        if err.get("type") == "extra_forbidden":
            message = "unknown field"
        elif err.get("type") == "missing":
            # Pydantic's "Field required" read as though the column were absent; an empty cell, an empty
            # string and null are "not given" too (values are stripped), and are the usual cause.
            message = "required: missing or blank"
        out.append((_snake(name), (message.removeprefix("Value error, "),)))
    return out


def _snake(name: str) -> str:
    """`accountKey` -> `account_key` (errors name fields the way the files do)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
