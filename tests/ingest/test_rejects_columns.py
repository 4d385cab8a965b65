"""A CSV row with the wrong number of fields keeps its columns in the rejects file, loses none of its
values, and a rejects file imported again does not stack `_line`/`_error`. A tester's 3-field row
`IMP-3,Imp Three,smb` was written back as `IMP-3,Imp Three,smb,4,"expected 7 fields, found 3"`: `_line`
and `_error` under `tier` and `lifecycle_stage`; the replay added a second pair."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from graph.store import Store

HEADER = "key,name,segment,tier,lifecycle_stage,annual_revenue,gross_margin_rate"
REJECT_COLUMNS = [*HEADER.split(","), "_line", "_error", "_extra"]


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def test_short_and_long_rows_keep_their_columns_and_replay(
    clean_store: Store, run_import, tmp_path: Path
) -> None:
    source = tmp_path / "accounts.csv"
    source.write_text(
        f"{HEADER}\n"
        "IMP-1,Imp One,smb,key,active,100,0.5\n"
        "IMP-3,Imp Three,smb\n"
        'IMP-8,"Imp, Eight",smb,key,active,100,0.5,surprise,"more, still"\n',
        encoding="utf-8",
    )
    first = run_import(str(source), "--rejects", str(tmp_path / "first.csv"))
    assert first.exit_code == 3, first.stderr
    assert "accounts.csv:3: expected 7 fields, found 3" in first.stderr
    assert "accounts.csv:4: expected 7 fields, found 9" in first.stderr

    columns, (short, long) = _rows(tmp_path / "first.csv")
    assert columns == REJECT_COLUMNS
    assert short == {
        **dict.fromkeys(REJECT_COLUMNS, ""), "key": "IMP-3", "name": "Imp Three", "segment": "smb",
        "_line": "3", "_error": "expected 7 fields, found 3",
    }
    expected = ["IMP-8", "Imp, Eight", "smb", "key", "active", "100", "0.5"]
    assert [long[c] for c in HEADER.split(",")] == expected
    assert json.loads(long["_extra"]) == ["surprise", "more, still"]
    assert long["_error"] == "expected 7 fields, found 9 (the 2 values past the last column are in _extra)"

    # Imported again unchanged: still rejected (the short row misses values, the long one's extras wait
    # for a person), with the same columns, one _line/_error pair and the extras kept.
    again = run_import(
        str(tmp_path / "first.csv"), "--kind", "accounts", "--rejects", str(tmp_path / "second.csv")
    )
    assert again.exit_code == 3, again.stderr
    assert "fields, found" not in again.stderr
    assert "first.csv:3: _extra holds values that were past the last column" in again.stderr
    columns, (short, long) = _rows(tmp_path / "second.csv")
    assert columns == REJECT_COLUMNS
    assert (short["key"], short["_line"], long["key"], long["_line"]) == ("IMP-3", "2", "IMP-8", "3")
    assert "tier" in short["_error"] and json.loads(long["_extra"]) == ["surprise", "more, still"]

    # Fixed by hand (the missing values filled in, the extras moved or dropped): imported as it is.
    short.update(tier="growth", lifecycle_stage="prospect", annual_revenue="10", gross_margin_rate="0.3")
    long.update(_extra="")
    with (tmp_path / "fixed.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, REJECT_COLUMNS)
        writer.writeheader()
        writer.writerows([short, long])
    fixed = run_import(str(tmp_path / "fixed.csv"), "--kind", "accounts", "--json")
    assert fixed.exit_code == 0, fixed.stderr
    assert json.loads(fixed.stdout)[0]["inserted"] == 2
    stored = clean_store.read("api_accounts_by_keys", keys=["IMP-3", "IMP-8"], allowed=None)
    names = {r["key"]: r["account"]["name"] for r in stored}
    assert names == {"IMP-3": "Imp Three", "IMP-8": "Imp, Eight"}
