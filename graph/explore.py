"""Analysts' explorations: the named read queries of `queries/explore/`, and their own Cypher, run read-only.

An exploration is a `.cypher` file whose header says what it answers, its parameters with example
values and its columns. This module finds one by name (with or without the `explore_` prefix), turns
command-line `key=value` text into typed parameters (typed like the example), runs it, and runs an
analyst's own statement in a READ transaction so that Neo4j itself refuses a write.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j.exceptions import Neo4jError

from graph.errors import RelgraphError
from graph.store import Row, Store, to_native
from queries import Query, catalog

__all__ = [
    "PREFIX",
    "ExploreResult",
    "InvalidParameters",
    "StatementRefused",
    "UnknownExploration",
    "coerce_value",
    "explorations",
    "find_exploration",
    "parse_params",
    "run_analyst_statement",
    "run_exploration",
    "short_name",
]

PREFIX = "explore_"
GROUP = "explore"


class UnknownExploration(RelgraphError):
    """No exploration has the name asked for; the message lists close names."""


class InvalidParameters(RelgraphError):
    """Parameters are missing, undeclared or not of the example's type."""


class StatementRefused(RelgraphError):
    """Neo4j refused what explore ran: an analyst's statement (a write in a read transaction, a syntax
    error, ...) or a named exploration's parameter values (a date that does not parse, ...)."""


@dataclass(frozen=True)
class ExploreResult:
    """The columns (in order) and rows of one run."""

    columns: list[str]
    rows: list[Row] = field(default_factory=list)


def explorations() -> list[Query]:
    """Every exploration under `queries/explore/`, sorted by name."""
    return catalog().group(GROUP)


def short_name(query: Query) -> str:
    """The name analysts type: the file stem without the `explore_` prefix."""
    return query.name.removeprefix(PREFIX)


def find_exploration(name: str) -> Query:
    """The exploration called `name` (`top_priority_at_risk` or `explore_top_priority_at_risk`).

    Raises
    ------
    UnknownExploration
        When none has that name; the message names the closest ones.
    """
    wanted = name.strip().removeprefix(PREFIX)
    by_short = {short_name(q): q for q in explorations()}
    if wanted in by_short:
        return by_short[wanted]
    close = difflib.get_close_matches(wanted, list(by_short), n=5, cutoff=0.4)
    close += [n for n in by_short if wanted and wanted in n and n not in close]
    hint = f"did you mean: {', '.join(close)}" if close else "run `relgraph explore` to list them"
    raise UnknownExploration(f"no exploration named {name!r}", hint=hint)


def coerce_value(text: str, example: Any) -> Any:
    """Turn the command line's `text` into the type of `example` (the header's `:param` value).

    A JSON literal is taken as such when it parses to the example's type (or the example is null);
    otherwise ints, floats and booleans are parsed from plain text, a list from comma-separated items
    (each typed like the example's first item), and anything else stays a string.

    Raises
    ------
    ValueError
        When the text cannot be read as the example's type.
    """
    try:
        parsed: Any = json.loads(text)
        parsed_ok = True
    except json.JSONDecodeError:
        parsed, parsed_ok = None, False
    if example is None:
        return parsed if parsed_ok else text
    if isinstance(example, bool):
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "1", "on"):
            return True
        if lowered in ("false", "no", "0", "off"):
            return False
        raise ValueError(f"expected true or false, got {text!r}")
    if isinstance(example, int):
        if parsed_ok and parsed is None:
            return None
        return int(text)
    if isinstance(example, float):
        if parsed_ok and parsed is None:
            return None
        return float(text)
    if isinstance(example, list):
        if parsed_ok and (isinstance(parsed, list) or parsed is None):
            return parsed
        item = example[0] if example else ""
        return [coerce_value(part.strip(), item) for part in text.split(",") if part.strip()]
    if isinstance(example, dict):
        if parsed_ok and (isinstance(parsed, dict) or parsed is None):
            return parsed
        raise ValueError(f"expected a JSON object, got {text!r}")
    # A string example: keep the text as typed, except an explicit JSON null.
    if parsed_ok and parsed is None:
        return None
    if parsed_ok and isinstance(parsed, str):
        return parsed
    return text


def parse_params(query: Query, pairs: Iterable[str], *, use_examples: bool = False) -> dict[str, Any]:
    """Typed parameters for `query` from `key=value` texts; missing ones from the examples if asked.

    Raises
    ------
    InvalidParameters
        On a malformed pair, an undeclared key, a value not of the example's type, or missing parameters
        (the message names them with their example).
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip().lstrip("$")
        if not sep or not key:
            raise InvalidParameters(f"parameter {pair!r} is not key=value")
        if key not in query.params:
            declared = ", ".join(query.params) or "none"
            raise InvalidParameters(
                f"{short_name(query)} has no parameter {key!r}", hint=f"it takes: {declared}"
            )
        try:
            params[key] = coerce_value(text, query.examples.get(key))
        except ValueError as exc:
            example = json.dumps(query.examples.get(key))
            raise InvalidParameters(f"--param {key}: {exc}", hint=f"example: {key}={example}") from None
    missing = [p for p in query.params if p not in params]
    if missing and use_examples:
        for p in [p for p in missing if p in query.examples]:
            params[p] = query.examples[p]
        missing = [p for p in query.params if p not in params]
    if missing:
        examples = " ".join(
            f"--param {p}={_shell_example(query.examples[p])}" if p in query.examples else f"--param {p}=..."
            for p in missing
        )
        raise InvalidParameters(
            f"{short_name(query)} needs {', '.join('$' + p for p in missing)}",
            hint=f"for example: {examples} (or --examples to use the header's example values)",
        )
    return params


def _shell_example(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return f"'{text}'" if any(ch in text for ch in ' []{}",') else text


def run_exploration(store: Store, query: Query, params: Mapping[str, Any]) -> ExploreResult:
    """Run a named exploration (a `read` query) and return its declared columns and its rows.

    Raises
    ------
    StatementRefused
        When Neo4j refuses it, which for a named exploration means a parameter's value (a date that
        does not parse, a negative limit, ...).
    """
    if query.mode != "read":
        raise InvalidParameters(f"{query.name} has mode {query.mode!r}; explorations must be read")
    with _refusals(f"Neo4j refused {short_name(query)} with these parameters"):
        rows = store.read(query.name, **params)
    columns = [c for c, _ in query.columns] or (list(rows[0]) if rows else [])
    return ExploreResult(columns, rows)


def run_analyst_statement(store: Store, text: str, params: Mapping[str, Any] | None = None) -> ExploreResult:
    """Run an analyst's own Cypher in a READ transaction: Neo4j refuses any write.

    This is the one place relgraph runs text that is not in `queries/`: it is the analyst's own
    statement, sent as written with their parameters, on a session whose access mode is READ.

    Raises
    ------
    StatementRefused
        When Neo4j refuses the statement (a write, a syntax error, an unknown procedure, ...).
    """
    if not text.strip():
        raise StatementRefused("the statement is empty")
    values = dict(params or {})

    @neo4j.unit_of_work(timeout=store.timeout)
    def work(tx: neo4j.ManagedTransaction) -> ExploreResult:
        result = tx.run(text, values)  # type: ignore[arg-type]
        keys = list(result.keys())
        rows = [{k: to_native(v) for k, v in record.items()} for record in result]
        return ExploreResult(keys, rows)

    with (
        _refusals("Neo4j refused the statement"),
        store.driver.session(database=store.database, default_access_mode=neo4j.READ_ACCESS) as session,
    ):
        store.statements += 1
        return session.execute_read(work)


@contextmanager
def _refusals(what: str) -> Iterator[None]:
    """Turn Neo4j's refusal of whatever explore runs into one `StatementRefused` line.

    Named explorations and analysts' statements fail the same ways (a value Cypher cannot read, a
    write in a READ session, ...), so both go through here and the CLI shows `error: ...`, never the
    driver's traceback.
    """
    try:
        yield
    except Neo4jError as exc:
        code = getattr(exc, "code", None) or ""
        message = _one_line(getattr(exc, "message", None) or str(exc))
        if "AccessMode" in code or ("write" in message.lower() and "read" in message.lower()):
            raise StatementRefused(
                f"{what}: it writes, and explorations run read-only",
                hint=f"{code}: {message}".strip(": "),
            ) from exc
        raise StatementRefused(f"{what}: {message}", hint=code or None) from exc


def _one_line(message: str) -> str:
    """Neo4j's message on one line: it quotes the offending text on the next line and points at it
    with a caret line; the quote helps (`"garbage"`), the caret means nothing once joined."""
    lines = [line.strip() for line in message.splitlines()]
    return " ".join(line for line in lines if line and set(line) != {"^"})
