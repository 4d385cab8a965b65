"""A setting that does not validate stops every command with one line naming its environment variable,
exit 2, instead of pydantic's 50-line report."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from graph.settings import InvalidSettings, load_settings


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("RELGRAPH_ENV", "prod",
         "RELGRAPH_ENV: Input should be 'development', 'test' or 'production' (got 'prod')"),
        ("RELGRAPH_API_WORKERS", "0",
         "RELGRAPH_API_WORKERS: Input should be greater than or equal to 1 (got '0')"),
        ("RELGRAPH_API_PORT", "70000",
         "RELGRAPH_API_PORT: Input should be less than or equal to 65535 (got '70000')"),
        ("RELGRAPH_LIMITS__MAX_DEPTH", "0",
         "RELGRAPH_LIMITS__MAX_DEPTH: Input should be greater than or equal to 1 (got '0')"),
        ("RELGRAPH_LIMITS__DEFAULT_PAGE_SIZE", "200",
         "RELGRAPH_LIMITS: default_page_size (200) must not exceed max_page_size (100)"),
        ("RELGRAPH_LIMITS", "{", 'RELGRAPH_LIMITS: not valid JSON (error parsing value for field "limits"'),
        ("RELGRAPH_LOG_LEVEL", "loud",
         "RELGRAPH_LOG_LEVEL: Input should be 'critical', 'error', 'warning', "),
    ],
)
def test_an_invalid_setting_is_named_by_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(InvalidSettings) as raised:
        load_settings()
    assert str(raised.value).startswith(message), str(raised.value)
    assert "\n" not in str(raised.value)


def test_every_invalid_setting_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELGRAPH_ENV", "prod")
    monkeypatch.setenv("RELGRAPH_METRICS__HALF_LIFE_DAYS", "-1")
    both = r"^RELGRAPH_ENV: .*; RELGRAPH_METRICS__HALF_LIFE_DAYS: .*\(got '-1'\)$"
    with pytest.raises(InvalidSettings, match=both):
        load_settings()


def test_the_log_level_is_read_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELGRAPH_LOG_LEVEL", "WARNING")
    assert load_settings().log_level == "warning"


@pytest.mark.parametrize(
    "command",
    [["migrate"], ["serve"], ["refresh", "--all"], ["history", "--from", "2026-01-01"], ["keys", "list"],
     ["demo", "--if-empty"]],
    ids=lambda c: " ".join(c),
)
def test_every_command_stops_with_one_line_and_exit_2(command: list[str]) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "RELGRAPH_"))},
        "NEO4J_URI": "bolt://127.0.0.1:1",  # never reached
        "RELGRAPH_ENV": "prod",
    }
    done = subprocess.run([sys.executable, "-m", "graph.cli", *command], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        "error: RELGRAPH_ENV: Input should be 'development', 'test' or 'production' (got 'prod')"
    ], done.stderr
