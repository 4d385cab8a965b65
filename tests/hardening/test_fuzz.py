"""Schemathesis in GraphQL mode against the API running as a uvicorn subprocess: generated queries and
mutations for every root field, sent with an admin key. No answer may be a 5xx, an error masked as
"Unexpected error." (an unhandled exception), an error without `extensions.code` (a field's or the
request's: docs/api.md, "Error codes"), or an error that shows a stack trace or Cypher.

Short form (part of the suite): `FUZZ_EXAMPLES` per root field (about 160 operations in all).
Long form (documented in docs/security.md, >= 2,000 operations):
    RELGRAPH_FUZZ_EXAMPLES=120 .venv/bin/pytest tests/hardening/test_fuzz.py -m slow -s
Both are derandomized (the same operations every run), so that `make test` is a stable gate; set
RELGRAPH_FUZZ_RANDOM=1 to explore new cases (what a failure prints reproduces it).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from graph.apikeys import create_key
from graph.settings import Settings
from graph.store import Store
from tests.conftest import wipe
from tests.hardening.server import ApiProcess

FUZZ_EXAMPLES = 9
LONG_EXAMPLES = int(os.environ.get("RELGRAPH_FUZZ_EXAMPLES", "120"))
RANDOM = os.environ.get("RELGRAPH_FUZZ_RANDOM", "") not in ("", "0")
LEAKS = re.compile(r"Traceback|File \"|neo4j\.|Neo\.ClientError|MATCH \(|MERGE \(|UNWIND \$|\.cypher|"
                   r"CypherSyntaxError|RETURN [a-z]", re.I)

@pytest.fixture(scope="module")
def fuzz_api(settings: Settings, _session_store: Store) -> Iterator[tuple[ApiProcess, str]]:
    from tests import conftest as shared

    # Fuzzed mutations write junk: start from an empty graph and make the next demo_world reload itself.
    wipe(_session_store)
    shared._state["wipes"] += 1
    token = create_key(_session_store, "fuzz", ["admin"]).token
    api = ApiProcess(settings, {"RELGRAPH_LIMITS__COST_BUDGET_PER_MINUTE": "100000000"}).start()
    try:
        yield api, token
    finally:
        api.kill()


def _fuzz(api: ApiProcess, token: str, examples: int, *, derandomize: bool) -> Counter[str]:
    """Generate `examples` cases for every root field and check each answer; returns the counts sent."""
    loaded = schemathesis.graphql.from_url(f"{api.url}/graphql", headers={"Authorization": f"Bearer {token}"},
                                           timeout=30)
    sent: Counter[str] = Counter()
    for result in loaded.get_all_operations():
        operation = result.ok()
        _run_operation(operation, token, examples, derandomize, sent)
    return sent


def _run_operation(operation: Any, token: str, examples: int, derandomize: bool, sent: Counter[str]) -> None:
    label = operation.label

    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, derandomize=derandomize, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    def run(case: schemathesis.Case) -> None:
        _check(case, token)
        sent[label] += 1

    run()


def _check(case: schemathesis.Case, token: str) -> None:
    response = case.call(headers={"Authorization": f"Bearer {token}"}, timeout=60)
    assert response.status_code < 500, (case.body, response.text[:2000])
    assert not LEAKS.search(response.text), (case.body, response.text[:2000])
    body = response.json()
    for error in body.get("errors") or []:
        assert error.get("message") != "Unexpected error.", (case.body, error)
        # Every error left is a client's mistake the client can act on: coded.
        assert (error.get("extensions") or {}).get("code"), (case.body, error)


def test_fuzz_short(fuzz_api: tuple[ApiProcess, str]) -> None:
    sent = _fuzz(*fuzz_api, FUZZ_EXAMPLES, derandomize=True)
    print(f"\nfuzz (short): {sum(sent.values())} operations over {len(sent)} root fields")
    assert len(sent) >= 18 and sum(sent.values()) >= 100


@pytest.mark.slow
def test_fuzz_long(fuzz_api: tuple[ApiProcess, str]) -> None:
    sent = _fuzz(*fuzz_api, LONG_EXAMPLES, derandomize=not RANDOM)
    print(f"\nfuzz (long): {sum(sent.values())} operations over {len(sent)} root fields: {dict(sent)}")
    assert sum(sent.values()) >= 2000
