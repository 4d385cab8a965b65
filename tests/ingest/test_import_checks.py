"""What `relgraph import` refuses before writing anything, and what it does when it cannot keep a promise.

A new user's two reports: an unwritable `--rejects` path was found only at the first rejected row (a
traceback after 3,000 committed rows, the rejected row recorded nowhere); and one unbalanced quote
turned the rest of a CSV into one rejected "row" (19,999 good rows neither imported nor counted).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.ingest.files import UnusableInput, open_input, read_rows
from graph.store import Store
from tests.ingest.conftest import ACCOUNTS, dump, write_csv

HEADER = "key,name,segment,tier,lifecycle_stage,annual_revenue,gross_margin_rate\n"


def _accounts(count: int, bad_revenue_at: int | None = None) -> list[dict[str, object]]:
    """`count` good account rows (file lines 2..count+1), one with a negative revenue if asked."""
    rows = [{**ACCOUNTS[0], "key": f"r{n}", "name": f"Row {n}"} for n in range(count)]
    if bad_revenue_at is not None:
        rows.insert(bad_revenue_at, {**ACCOUNTS[0], "key": "bad", "annual_revenue": -1})
    return rows


def _account_count(store: Store) -> int:
    return sum(1 for labels, _ in dump(store)["nodes"] if labels == ["Account"])


# --- --rejects is checked before anything is written -------------------------------------------


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_an_unwritable_rejects_path_is_refused_before_any_batch(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    # The report: 3,000 good rows, then one rejected; /proc accepts no new file, even from root.
    path = write_csv(tmp_path / "rp_accounts.csv", _accounts(3000, bad_revenue_at=3000))
    result = run_import(str(path), "--batch-size", "1000", "--refresh", "off", "--rejects", "/proc/nope.csv")
    assert result.exit_code == 2, result.output
    assert "rejects file /proc/nope.csv: cannot create a file in /proc" in result.stderr
    assert "nothing was imported" in result.stderr
    assert _account_count(clean_store) == 0


def test_a_rejects_path_in_a_missing_folder_is_refused_not_created(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "accounts.csv", _accounts(3, bad_revenue_at=1))
    missing = tmp_path / "nonexistent" / "dir" / "r.csv"
    result = run_import(str(path), "--rejects", str(missing))
    assert result.exit_code == 2, result.output
    assert f"no such folder: {missing.parent}" in result.stderr
    assert not (tmp_path / "nonexistent").exists()
    assert _account_count(clean_store) == 0


def test_several_inputs_need_a_rejects_folder_not_a_file_name(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    accounts = write_csv(tmp_path / "accounts.csv", _accounts(2, bad_revenue_at=0))
    more = write_csv(tmp_path / "more-accounts.csv", _accounts(2))
    result = run_import(str(accounts), str(more), "--rejects", str(tmp_path / "one.csv"))
    assert result.exit_code == 2, result.output
    assert "2 files are imported, so --rejects must be a folder" in result.stderr
    assert not (tmp_path / "one.csv").exists()  # it used to become a folder of that name
    assert _account_count(clean_store) == 0

    # A folder that does not exist yet, in one that does, is made at the first reject (documented).
    result = run_import(str(accounts), str(more), "--rejects", str(tmp_path / "rejects"), "--json")
    assert result.exit_code == 3, result.output
    assert (tmp_path / "rejects" / "accounts.rejects.csv").is_file()


def test_two_inputs_that_would_share_a_rejects_file_are_refused(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    (tmp_path / "north").mkdir()
    (tmp_path / "south").mkdir()
    north = write_csv(tmp_path / "north" / "accounts.csv", _accounts(2, bad_revenue_at=0))
    south = write_csv(tmp_path / "south" / "accounts.csv", _accounts(2, bad_revenue_at=0))
    result = run_import(str(north), str(south))  # both: ./accounts.rejects.csv; the second lost the first's
    assert result.exit_code == 2, result.output
    assert "would write the same rejects file" in result.stderr
    assert _account_count(clean_store) == 0


def test_a_file_of_the_users_at_the_rejects_path_is_refused_not_overwritten(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    # A typo in --rejects that names another of the user's files would have lost it at the first reject.
    path = write_csv(tmp_path / "accounts.csv", _accounts(3, bad_revenue_at=1))
    report = tmp_path / "q3-report.csv"
    report.write_text("region,revenue\nnorth,100\n", encoding="utf-8")
    result = run_import(str(path), "--rejects", str(report))
    assert result.exit_code == 2, result.output
    assert f"rejects file {report}: exists and is not a rejects file relgraph wrote" in result.stderr
    assert report.read_text(encoding="utf-8") == "region,revenue\nnorth,100\n"
    assert _account_count(clean_store) == 0

    # An earlier run's rejects file at that path is relgraph's own: it is replaced, as before.
    rejects = tmp_path / "accounts.rejects.csv"
    assert run_import(str(path), "--rejects", str(rejects)).exit_code == 3
    earlier = rejects.read_text(encoding="utf-8")
    result = run_import(str(path), "--rejects", str(rejects))
    assert result.exit_code == 3, result.output
    assert rejects.read_text(encoding="utf-8") == earlier


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_failure_to_write_rejects_mid_run_keeps_the_accounting(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    # /dev/full opens fine (the check up front passes) and fails every write: a disk that fills up.
    path = write_csv(tmp_path / "accounts.csv", _accounts(3000, bad_revenue_at=3000))
    result = run_import(
        str(path), "--batch-size", "1000", "--refresh", "off", "--rejects", "/dev/full", "--json"
    )
    assert result.exit_code == 1, result.output  # no traceback: CliRunner would raise it
    (summary,) = json.loads(result.stdout)
    assert (summary["rows"], summary["inserted"], summary["rejected"]) == (3001, 3000, 1)
    assert summary["rejects_missed"] == 1 and "No space left" in summary["rejects_error"]
    assert "could not write the rejects file /dev/full" in result.stderr
    assert "accounts.csv:3002: annual_revenue:" in result.stderr  # the row is still listed
    assert _account_count(clean_store) == 3000


# --- an unbalanced quote ------------------------------------------------------------------------


def _write(path: Path, body: str) -> Path:
    path.write_text(HEADER + body, encoding="utf-8", newline="")
    return path


def test_a_quote_never_closed_makes_the_file_unusable(clean_store: Store, run_import, tmp_path: Path) -> None:
    # The report's file: the quote opened on line 2 swallowed the 19,999 lines after it.
    rows = "".join(f"Q{n},name {n},smb,growth,active,1,0.5\n" for n in range(1, 20000))
    path = _write(tmp_path / "quote_accounts.csv", 'Q0,"oops,smb,growth,active,1,0.5\n' + rows)
    result = run_import(str(path))
    assert result.exit_code == 2, result.output
    assert "quote_accounts.csv:2: a quoted field opened here is never closed" in result.stderr
    assert "nothing was imported" in result.stderr
    assert _account_count(clean_store) == 0


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ('Q0,"oops,smb,growth,active,1,0.5\nQ1,n,smb,growth,active,1,0.5\n', 2),
        # An earlier quoted field spans lines on purpose; the one left open is on line 3.
        ('Q0,"two\nlines",smb,growth,active,1,"0.5\nQ1,n,smb,growth,active,1,0.5\n', 3),
        ('Q0,n,smb,growth,active,1,0.5\r\nQ1,"a\r\nb",smb,growth,active,1,"0.5', 4),  # CRLF, no last newline
        ('Q0,n,smb,growth,active,1,0.5\nQ1,"ab""cd\n', 3),  # a doubled quote inside does not close it
        ('Q0,n,smb,growth,active,1,0.5\n"', 3),  # a lone quote at the very end
    ],
)
def test_the_line_where_the_open_quote_began_is_named(tmp_path: Path, body: str, line: int) -> None:
    path = _write(tmp_path / "accounts.csv", body)
    with pytest.raises(
        UnusableInput, match=rf"accounts.csv:{line}: a quoted field opened here is never closed"
    ):
        open_input(path)


def test_a_quote_open_past_the_field_limit_is_refused_without_reading_on(tmp_path: Path) -> None:
    # Big enough that the open field passes the csv module's 10 MiB limit long before the end.
    rows = "".join(f"Q{n},name {n} {'x' * 100},smb,growth,active,1,0.5\n" for n in range(1, 120_000))
    path = _write(
        tmp_path / "accounts.csv", 'Q0,n,smb,growth,active,1,0.5\nQX,"oops,smb,growth,active,1,0.5\n' + rows
    )
    with pytest.raises(
        UnusableInput, match=r"accounts.csv:3: a quoted field in the row starting here is still open"
    ):
        open_input(path)


def test_quoted_commas_newlines_and_stray_quotes_still_read_with_their_lines(tmp_path: Path) -> None:
    body = (
        'Q0,"two\nlines, and a comma",smb,growth,active,1,0.5\n'  # lines 2-3
        'Q1,"say ""hi""",smb,growth,active,1,0.5\n'  # 4
        'Q2,a"b,smb,growth,active,1,0.5\n'  # 5: a quote inside an unquoted value is a character
        "\n"  # 6: blank
        'Q3,"last\r\nrow",smb,growth,active,1,"0.5"'  # 7-8, no newline at the end
    )
    rows = list(read_rows(open_input(_write(tmp_path / "accounts.csv", body))))
    assert [(r.line, r.error, r.data["name"] if r.data else None) for r in rows] == [
        (2, None, "two\nlines, and a comma"),
        (4, None, 'say "hi"'),
        (5, None, 'a"b'),
        (7, None, "last\r\nrow"),
    ]


def test_good_multiline_rows_import_and_a_later_reject_has_its_line(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    body = (
        'Q0,"two\nlines",smb,growth,active,1,0.5\n'  # lines 2-3
        'Q1,"three\nlines\nhere",smb,growth,active,1,0.5\n'  # 4-6
        "Q2,n,smb,growth,active,-1,0.5\n"  # 7: rejected
    )
    path = _write(tmp_path / "accounts.csv", body)
    result = run_import(str(path), "--json")
    assert result.exit_code == 3, result.output
    (summary,) = json.loads(result.stdout)
    assert (summary["inserted"], summary["rejected"]) == (2, 1)
    assert "accounts.csv:7: annual_revenue:" in result.stderr
    with (tmp_path / "accounts.rejects.csv").open(newline="") as f:
        assert [r["_line"] for r in csv.DictReader(f)] == ["7"]
