"""The `.cypher` loader: headers, parameters, duplicates, with `file:line` in every error."""

from __future__ import annotations

from pathlib import Path

import pytest

from queries import QueryFileError, catalog
from queries.loader import load_dir, parse_file


def write(tmp_path: Path, name: str, text: str, folder: str = "") -> Path:
    path = tmp_path / folder / f"{name}.cypher"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_parses_header_examples_columns_and_description(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "at_risk",
        "// name: at_risk\n// mode: read\n// params: $limit, $level\n// :param limit => 5\n"
        '// :param level => "HIGH"\n// column: account: the account name\n// Which accounts are at risk?\n'
        "MATCH (a:Account) WHERE a.riskLevel = $level\nRETURN a.name AS account LIMIT $limit\n",
    )
    query = parse_file(path)
    assert query.name == "at_risk"
    assert query.mode == "read"
    assert query.params == ("limit", "level")
    assert dict(query.examples) == {"limit": 5, "level": "HIGH"}
    assert query.columns == (("account", "the account name"),)
    assert query.description == "Which accounts are at risk?"
    assert query.text.startswith("MATCH (a:Account)")


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("// mode: read\n// params: none\nRETURN 1", 1, "lacks '// name"),
        ("// name: q\n// params: none\nRETURN 1", 1, "lacks '// mode"),
        ("// name: q\n// mode: read\nRETURN 1", 1, "lacks '// params"),
        ("// name: other\n// mode: read\n// params: none\nRETURN 1", 1, "differs from the file name"),
        ("// name: q\n// mode: readonly\n// params: none\nRETURN 1", 2, "not one of"),
        (
            "// name: q\n// mode: read\n// params: none\n\nMATCH (n)\nWHERE n.k = $key\nRETURN n",
            6,
            "$key is used",
        ),
        ("// name: q\n// mode: read\n// params: $key\nRETURN 1", 3, "$key is declared but never used"),
        ("// name: q\n// mode: read\n// params: key\nRETURN $key", 3, "must be written as $name"),
        ("// name: q\n// mode: read\n// params: none\n", 4, "no Cypher"),
    ],
)
def test_malformed_files_fail_with_file_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = write(tmp_path, "q", text)
    with pytest.raises(QueryFileError) as excinfo:
        parse_file(path)
    assert str(excinfo.value).startswith(f"{path}:{line}:")
    assert fragment in str(excinfo.value)


def test_parameters_inside_strings_and_comments_do_not_count(tmp_path: Path) -> None:
    path = write(
        tmp_path, "q", "// name: q\n// mode: read\n// params: $a\nRETURN $a, '$notParam' AS s // $nor\n"
    )
    assert parse_file(path).params == ("a",)


def test_duplicate_names_across_folders_are_refused(tmp_path: Path) -> None:
    body = "// name: same\n// mode: read\n// params: none\nRETURN 1\n"
    write(tmp_path, "same", body, "one")
    second = write(tmp_path, "same", body, "two")
    with pytest.raises(QueryFileError, match="duplicate query name 'same'") as excinfo:
        load_dir(tmp_path)
    assert str(excinfo.value).startswith(f"{second}:1:")


def test_check_params_names_missing_and_undeclared() -> None:
    query = catalog()["schema_applied"]
    with pytest.raises(ValueError, match=r"missing \$name"):
        query.check_params({})
    with pytest.raises(ValueError, match=r"undeclared \$other"):
        query.check_params({"name": "x", "other": 1})


def test_every_shipped_query_parses_and_schema_files_hold_the_key_constraints() -> None:
    queries = catalog()
    assert len(queries) > 0
    constraints = queries["schema_constraints"].statements
    text = "\n".join(constraints)
    for label in ("Account", "Contact", "Staff"):
        assert f"({label[0].lower()}:{label}) REQUIRE {label[0].lower()}.key IS UNIQUE" in text
    assert "REQUIRE (i.source, i.key) IS UNIQUE" in text
