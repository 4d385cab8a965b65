"""The rejects file describes the latest run, and `--rejects DIR/` names a folder.

A new user's two reports: a rejects file from an earlier run stayed when a later run of the same
import rejected nothing (old rejects that no longer applied), and `--rejects newdir/` with one input
wrote a file named `newdir`.
"""

from __future__ import annotations

import json
from pathlib import Path

from graph.ingest.stale_rejects import looks_like_rejects
from graph.store import Store
from tests.ingest.conftest import ACCOUNTS, write_csv, write_jsonl


def _accounts(bad: bool) -> list[dict[str, object]]:
    rows = [dict(a) for a in ACCOUNTS]
    if bad:
        rows.append({**ACCOUNTS[0], "key": "bad", "annual_revenue": -1})
    return rows


def test_a_run_that_rejects_nothing_removes_the_earlier_rejects_file(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "accounts.csv", _accounts(bad=True))
    first = run_import(str(path), "--json")
    assert first.exit_code == 3, first.output
    rejects = tmp_path / "accounts.rejects.csv"  # the default: ./<stem>.rejects<ext>
    assert rejects.is_file()
    assert json.loads(first.stdout)[0]["earlier_rejects"] is None

    write_csv(path, _accounts(bad=False))  # the user fixes the input and runs the same import
    second = run_import(str(path), "--json")
    assert second.exit_code == 0, second.output
    assert not rejects.exists()
    (summary,) = json.loads(second.stdout)
    assert summary["rejects_file"] is None
    assert summary["earlier_rejects"] == {"path": str(rejects), "removed": True, "reason": None}

    third = run_import(str(path), "--json")  # nothing left to remove: nothing said
    assert third.exit_code == 0, third.output
    assert json.loads(third.stdout)[0]["earlier_rejects"] is None


def test_the_human_summary_says_which_rejects_file_was_removed(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    (tmp_path / "out").mkdir()
    rejects = tmp_path / "out" / "r.jsonl"
    path = write_jsonl(tmp_path / "accounts.jsonl", _accounts(bad=True))
    assert run_import(str(path), "--rejects", str(rejects)).exit_code == 3
    assert rejects.is_file()

    write_jsonl(path, _accounts(bad=False))
    result = run_import(str(path), "--rejects", str(rejects))
    assert result.exit_code == 0, result.output
    assert not rejects.exists()
    assert f"removed {rejects}: an earlier run's rejects; this run rejected nothing" in result.stdout


def test_a_file_that_is_not_a_rejects_file_is_never_removed(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    # A file of the user's with something in it is refused up front (it would be overwritten at the
    # first reject: tests/ingest/test_import_checks.py), so it is neither removed nor replaced.
    notes = tmp_path / "notes.csv"
    notes.write_text("name,phone\nAda,555\n", encoding="utf-8")
    path = write_csv(tmp_path / "accounts.csv", _accounts(bad=False))
    result = run_import(str(path), "--rejects", str(notes), "--json")
    assert result.exit_code == 2, result.output
    assert notes.read_text(encoding="utf-8") == "name,phone\nAda,555\n"

    # An empty file has nothing to lose: the import runs, and the file, not relgraph's, is left.
    empty = tmp_path / "empty.csv"
    empty.touch()
    result = run_import(str(path), "--rejects", str(empty), "--json")
    assert result.exit_code == 0, result.output
    (summary,) = json.loads(result.stdout)
    assert summary["earlier_rejects"]["removed"] is False
    assert "does not look like a rejects file" in summary["earlier_rejects"]["reason"]
    result = run_import(str(path), "--rejects", str(empty))  # the human summary says so too
    assert f"left {empty} as it is: it does not look like a rejects file" in result.stdout
    assert empty.is_file()

    # Not a regular file (the check writes to /dev/null fine): nothing to remove, nothing said.
    result = run_import(str(path), "--rejects", "/dev/null", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["earlier_rejects"] is None


def test_what_looks_like_a_rejects_file(tmp_path: Path) -> None:
    def file(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    assert looks_like_rejects(file("a.csv", "key,name,_line,_error,_extra\nk,,3,name: required,\n"))
    assert looks_like_rejects(file("h.csv", "\ufeffkey, _line , _error,_extra\n"))  # the header alone
    # JSON Lines: a line that was not an object is written back as read, between objects that vouch.
    assert looks_like_rejects(file("a.jsonl", '{"key":"k","_line":2,"_error":"x"}\nnot json\n'))

    assert not looks_like_rejects(file("input.csv", "key,name\nk,n\n"))
    assert not looks_like_rejects(file("half.csv", "key,_line,_error\n"))  # _extra is always written
    assert not looks_like_rejects(file("mixed.jsonl", '{"_line":2,"_error":"x"}\n{"key":"k"}\n'))
    assert not looks_like_rejects(file("raw.jsonl", "not json\n"))  # nothing vouches for it
    assert not looks_like_rejects(file("empty.csv", ""))
    assert not looks_like_rejects(file("binary.csv", b"\xff\xfe\x00key,_line,_error,_extra\n"))
    assert not looks_like_rejects(tmp_path)
    assert not looks_like_rejects(tmp_path / "missing.csv")


def test_a_trailing_slash_names_a_folder_for_one_input(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "accounts.csv", _accounts(bad=True))
    result = run_import(str(path), "--rejects", "newdir/", "--json")
    assert result.exit_code == 3, result.output
    folder = tmp_path / "newdir"
    assert folder.is_dir()  # it used to be a file of that name
    assert (folder / "accounts.rejects.csv").is_file()
    assert json.loads(result.stdout)[0]["rejects_file"] == "newdir/accounts.rejects.csv"

    # Only the folder itself is created, as for several inputs; not its parents.
    result = run_import(str(path), "--rejects", "no/such/")
    assert result.exit_code == 2, result.output
    assert "no such folder: no" in result.stderr
    assert not (tmp_path / "no").exists()

    # A trailing slash on an existing file is not a folder.
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    result = run_import(str(path), "--rejects", "taken/")
    assert result.exit_code == 2, result.output
    assert "not a folder: taken" in result.stderr


def test_a_trailing_slash_lets_several_inputs_use_a_folder_named_like_a_file(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    accounts = write_csv(tmp_path / "accounts.csv", _accounts(bad=True))
    more = write_csv(tmp_path / "more-accounts.csv", _accounts(bad=False))
    result = run_import(str(accounts), str(more), "--rejects", "out.csv/")
    assert result.exit_code == 3, result.output
    assert (tmp_path / "out.csv" / "accounts.rejects.csv").is_file()
