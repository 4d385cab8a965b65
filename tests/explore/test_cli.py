"""`relgraph explore`: listing, typed parameters, formats, clear errors, and read-only analyst Cypher."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from graph.cli.main import app
from graph.explore import (
    InvalidParameters,
    UnknownExploration,
    coerce_value,
    explorations,
    find_exploration,
    parse_params,
    short_name,
)
from graph.store import Store

runner = CliRunner()


def _err(result: Any) -> str:
    try:
        return result.stderr or result.output
    except ValueError:  # stderr not captured separately
        return result.output


def test_coerce_by_example_type() -> None:
    assert coerce_value("5", 20) == 5
    assert coerce_value("0.5", 1.0) == 0.5
    assert coerce_value("yes", False) is True
    assert coerce_value("HIGH,CRITICAL", ["MEDIUM"]) == ["HIGH", "CRITICAL"]
    assert coerce_value('["HIGH"]', ["MEDIUM"]) == ["HIGH"]
    assert coerce_value("1,2", [3]) == [1, 2]
    assert coerce_value("ACC-1", "ACC-2") == "ACC-1"
    assert coerce_value("123", "ACC-2") == "123"  # a string parameter stays a string
    assert coerce_value("null", None) is None
    assert coerce_value("2026-01-01T00:00:00Z", None) == "2026-01-01T00:00:00Z"
    assert coerce_value('{"a": 1}', {"b": 2}) == {"a": 1}
    with pytest.raises(ValueError):
        coerce_value("many", 20)


def test_unknown_name_lists_close_ones() -> None:
    with pytest.raises(UnknownExploration) as exc:
        find_exploration("top_priorty_at_risk")
    assert "top_priority_at_risk" in str(exc.value)
    assert find_exploration("explore_top_priority_at_risk") is find_exploration("top_priority_at_risk")


def test_missing_params_are_named_with_example() -> None:
    q = find_exploration("top_priority_at_risk")
    with pytest.raises(InvalidParameters) as exc:
        parse_params(q, ["limit=3"])
    assert "$levels" in str(exc.value) and "CRITICAL" in str(exc.value)
    with pytest.raises(InvalidParameters):
        parse_params(q, ["nope=1"])
    assert parse_params(q, ["limit=3"], use_examples=True) == {"levels": q.examples["levels"], "limit": 3}


def test_list(cli_env: None) -> None:
    out = runner.invoke(app, ["explore"], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    for q in explorations():
        assert short_name(q) in out.output


def test_run_formats(demo_world: Any, cli_env: None) -> None:
    args = ["explore", "top_priority_at_risk", "-p", "levels=LOW,MEDIUM,HIGH,CRITICAL", "-p", "limit=3"]
    as_json = runner.invoke(app, [*args, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)
    assert len(rows) == 3 and list(rows[0]) == [
        c for c, _ in find_exploration("top_priority_at_risk").columns
    ]
    as_csv = runner.invoke(app, [*args, "--format", "csv"])
    assert as_csv.exit_code == 0 and as_csv.stdout.splitlines()[0].startswith("account,name,tier")
    table = runner.invoke(app, [*args], env={"COLUMNS": "250"})
    assert table.exit_code == 0 and rows[0]["account"] in table.stdout
    examples = runner.invoke(app, ["explore", "warm_intro_paths", "--examples", "--format", "json"])
    assert examples.exit_code == 0 and json.loads(examples.stdout)


def test_cli_errors(cli_env: None) -> None:
    unknown = runner.invoke(app, ["explore", "going_drak"])
    assert unknown.exit_code != 0 and "accounts_going_dark" in _err(unknown)
    missing = runner.invoke(app, ["explore", "accounts_going_dark"])
    assert missing.exit_code != 0 and "$minDays" in _err(missing)


def test_analyst_cypher_reads(demo_world: Any, cli_env: None, tmp_path: Path) -> None:
    out = runner.invoke(
        app,
        [
            "explore",
            "--cypher",
            "MATCH (a:Account {key: $k}) RETURN a.key AS key",
            "-p",
            "k=ACC-00001",
            "--format",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == [{"key": "ACC-00001"}]
    f = tmp_path / "mine.cypher"
    f.write_text("MATCH (a:Account) RETURN count(a) AS n", encoding="utf-8")
    out = runner.invoke(app, ["explore", "--file", str(f), "--format", "csv"])
    assert out.exit_code == 0 and out.stdout.splitlines() == ["n", "40"]


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE (n:Intruder {name: 'x'}) RETURN n",
        "MATCH (a:Account) SET a.riskScore = 0 RETURN count(a)",
        "MATCH (n) DETACH DELETE n",
    ],
)
def test_analyst_write_is_refused(statement: str, demo_world: Any, cli_env: None, store: Store) -> None:
    before = store.read("admin_count_nodes")
    out = runner.invoke(app, ["explore", "--cypher", statement])
    assert out.exit_code != 0
    message = _err(out)
    assert "read-only" in message and "refused" in message
    assert "Traceback" not in out.output
    assert store.read("admin_count_nodes") == before


@pytest.mark.parametrize(
    ("name", "param", "said"),
    [
        ("accounts_going_dark", "asOf=garbage", "Text cannot be parsed to a DateTime"),
        ("top_priority_at_risk", "limit=-1", "LIMIT"),
    ],
)
def test_named_exploration_refused_value_is_one_line(
    name: str, param: str, said: str, demo_world: Any, cli_env: None
) -> None:
    # A value of the right type that Neo4j still refuses reaches the same handling as --cypher's.
    out = runner.invoke(app, ["explore", name, "--examples", "--param", param])
    assert out.exit_code == 1, out.output
    message = _err(out)
    assert message.startswith(f"error: Neo4j refused {name} with these parameters: ") and said in message
    assert len(message.strip().splitlines()) == 1
    assert out.exception is None or isinstance(out.exception, SystemExit)


def test_analyst_refusal_is_one_line(demo_world: Any, cli_env: None, tmp_path: Path) -> None:
    f = tmp_path / "mine.cypher"
    f.write_text("RETURN datetime($x) AS t", encoding="utf-8")
    out = runner.invoke(app, ["explore", "--file", str(f), "-p", "x=nope"])
    assert out.exit_code == 1
    message = _err(out)
    assert message.startswith("error: Neo4j refused the statement: Text cannot be parsed")
    assert '"nope"' in message
    assert len(message.strip().splitlines()) == 1
