"""Record files for `relgraph import`: CSV and JSON Lines in, rows streamed out, rejects written back.

A file is checked before anything is written (it exists, it is UTF-8 throughout, its kind is known,
its CSV header names the record's columns, or its first JSON line is an object); after that, a row
that cannot be read or validated is rejected on its own. Rejected rows go to a rejects file in the
input's own format with extra columns, `_line` and `_error` (and, in CSV, `_extra`); import ignores
every column or field whose name starts with `_`, so the rejects file can be fixed and imported as it is.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from graph.ingest.csv_quotes import END, END_LINE, check_quotes, open_quote_line
from graph.ingest.report import RowOutcome
from graph.ingest.unusable import UnusableInput
from graph.ingest.validation import SourceRow, parse_kind
from graph.records import RECORD_TYPES, Kind

__all__ = [
    "INPUT_SUFFIXES",
    "KIND_ORDER",
    "REJECT_COLUMNS",
    "InputFile",
    "RejectsWriter",
    "UnusableInput",
    "check_rejects_target",
    "kind_from_name",
    "open_input",
    "read_rows",
]

# The order in which files of several kinds are imported, so that referenced records exist first.
KIND_ORDER = (Kind.ACCOUNTS, Kind.STAFF, Kind.CONTACTS, Kind.COVERAGE, Kind.INTERACTIONS)

_CSV_SUFFIXES = {".csv"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
INPUT_SUFFIXES = frozenset(_CSV_SUFFIXES | _JSONL_SUFFIXES)
_CHUNK = 1 << 20
# How many rows between two progress reports (bytes read).
_PROGRESS_EVERY = 500



@dataclass(frozen=True)
class InputFile:
    """A checked input file."""

    path: Path
    kind: Kind
    format: str  # "csv" or "jsonl"
    size: int
    header: tuple[str, ...] = ()


def kind_from_name(path: Path) -> Kind | None:
    """The kind a file's name announces (`contacts.csv`, `2026-interactions.jsonl`), if exactly one."""
    words = [w for w in re.split(r"[^a-z]+", path.name.lower()) if w]
    found = set()
    for word in words:
        try:
            found.add(parse_kind(word))
        except ValueError:
            continue
    return found.pop() if len(found) == 1 else None


def _columns(kind: Kind) -> tuple[set[str], set[str]]:
    """Column names a CSV of `kind` may use (snake_case or camelCase) and the snake_case required ones."""
    model = RECORD_TYPES[kind]
    allowed: set[str] = set()
    required: set[str] = set()
    for name, info in model.model_fields.items():
        allowed.add(name)
        if info.alias:
            allowed.add(info.alias)
        if info.is_required():
            required.add(name)
    return allowed, required


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def open_input(path: Path | str, kind: Kind | str | None = None) -> InputFile:
    """Check a file without writing anything; raise `UnusableInput` with one clear message if unusable."""
    path = Path(path)
    if not path.exists():
        raise UnusableInput(f"{path}: no such file")
    if not path.is_file():
        raise UnusableInput(f"{path}: not a file")
    suffix = path.suffix.lower()
    if suffix in _CSV_SUFFIXES:
        fmt = "csv"
    elif suffix in _JSONL_SUFFIXES:
        fmt = "jsonl"
    else:
        raise UnusableInput(f"{path}: unknown format {suffix or '(no suffix)'!r}", hint="use .csv or .jsonl")
    if kind is None:
        found = kind_from_name(path)
        if found is None:
            raise UnusableInput(
                f"{path}: cannot tell the kind of records from the file name",
                hint="pass --kind accounts|contacts|staff|coverage|interactions",
            )
        kind = found
    elif isinstance(kind, str):
        try:
            kind = parse_kind(kind)
        except ValueError as exc:
            raise UnusableInput(str(exc)) from None
    try:
        quoted = _check_utf8(path)
        if fmt == "csv" and quoted:  # no quote character, no quoted field: nothing to look for
            check_quotes(path)
    except OSError as exc:
        raise UnusableInput(f"{path}: cannot be read: {exc.strerror or exc}") from None
    size = path.stat().st_size
    if fmt == "csv":
        return InputFile(path, kind, fmt, size, _check_header(path, kind))
    _check_first_json(path)
    return InputFile(path, kind, fmt, size)


def _check_utf8(path: Path) -> bool:
    """Decode the whole file once (fast, constant memory) so that a bad byte stops it before any write.

    Returns whether the file holds a double quote at all (most machine-written CSVs have none, and
    then `check_quotes` has nothing to look for).
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    line = 1
    quoted = False
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            quoted = quoted or b'"' in chunk
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                where = offset + exc.start
                line += chunk.count(b"\n", 0, exc.start)
                raise UnusableInput(
                    f"{path}:{line}: not UTF-8 (byte 0x{chunk[exc.start]:02x} at offset {where})",
                    hint="save the file as UTF-8",
                ) from None
            line += chunk.count(b"\n")
            offset += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise UnusableInput(f"{path}: not UTF-8 (truncated character at the end)") from None
    return quoted


def _check_header(path: Path, kind: Kind) -> tuple[str, ...]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        try:
            header = next(csv.reader(f))
        except StopIteration:
            raise UnusableInput(f"{path}: empty file, expected a CSV header") from None
        except csv.Error as exc:
            raise UnusableInput(f"{path}:1: unreadable CSV header: {exc}") from None
    header = [h.strip() for h in header]
    allowed, required = _columns(kind)
    columns = [h for h in header if not h.startswith("_")]
    problems = []
    if len(set(header)) != len(header):
        twice = sorted({h for h in header if header.count(h) > 1})
        problems.append(f"columns given twice: {', '.join(twice)}")
    unknown = [h for h in columns if h not in allowed]
    if unknown:
        problems.append(f"unknown columns: {', '.join(unknown)}")
    missing = sorted(required - {_snake(h) for h in columns})
    if missing:
        problems.append(f"missing required columns: {', '.join(missing)}")
    if problems:
        expected = ", ".join(RECORD_TYPES[kind].model_fields)
        raise UnusableInput(
            f"{path}:1: bad header for {kind.value}: {'; '.join(problems)}", hint=f"columns are: {expected}"
        )
    return tuple(header)


def _check_first_json(path: Path) -> None:
    with path.open(encoding="utf-8-sig") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UnusableInput(f"{path}:{number}: not JSON Lines: {exc.msg}") from None
            if not isinstance(value, dict):
                raise UnusableInput(f"{path}:{number}: not JSON Lines: each line must be a JSON object")
            return


def _strip_private(data: dict[str, Any]) -> dict[str, Any]:
    # Most rows have no private field: check before copying (this runs for every row of a file).
    if not any(k[:1] == "_" for k in data):
        return data
    return {k: v for k, v in data.items() if not (isinstance(k, str) and k.startswith("_"))}


def read_rows(source: InputFile, progress: Callable[[int], None] | None = None) -> Iterator[SourceRow]:
    """Stream a checked file as `SourceRow`s (line numbers as an editor shows them).

    `progress` is called now and then with the number of bytes read so far.
    """
    with source.path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="" if source.format == "csv" else None)
        rows = _csv_rows(text, source) if source.format == "csv" else _jsonl_rows(text)
        for row in rows:
            if progress is not None and row.index % _PROGRESS_EVERY == 0:
                progress(raw.tell())
            yield row
        if progress is not None:
            progress(source.size)


def _csv_rows(text: IO[str], source: InputFile) -> Iterator[SourceRow]:
    reader = csv.reader(itertools.chain(text, (END_LINE,)))
    next(reader)  # the header, checked by open_input
    header = [h.strip() for h in source.header]
    # A rejects file's `_extra` holds the values a row had past the last column: such a row is not
    # imported until someone has put them where they belong (and emptied the cell).
    extra_at = header.index("_extra") if "_extra" in header else None
    index = 0
    last_line = reader.line_num
    while True:
        start = last_line + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            last_line = reader.line_num
            yield SourceRow(index, start, None, raw=None, error=f"unreadable CSV: {exc}")
            index += 1
            continue
        last_line = reader.line_num
        if not values or all(not v.strip() for v in values):
            continue
        if values[-1].endswith(END):
            if values == [END, END]:
                return  # the end of the file, past its last record
            # A quote open to the end: open_input refuses such a file, so it changed since it was checked.
            opened = open_quote_line(values, last_line)
            values[-1] = values[-1][: -len(END_LINE)]
            error = f"a quoted field opened on line {opened} is never closed"
            yield SourceRow(index, start, None, raw=values, error=error)
            return
        if len(values) != len(header):
            yield SourceRow(
                index, start, None, raw=values, error=f"expected {len(header)} fields, found {len(values)}"
            )
        elif extra_at is not None and values[extra_at].strip():
            yield SourceRow(index, start, None, raw=values, error=_EXTRA_LEFT)
        else:
            yield SourceRow(index, start, _strip_private(dict(zip(header, values, strict=True))), raw=values)
        index += 1


_EXTRA_LEFT = (
    "_extra holds values that were past the last column: move them into their columns and empty _extra"
)


def _jsonl_rows(text: IO[str]) -> Iterator[SourceRow]:
    index = 0
    for number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SourceRow(
                index, number, None, raw=line, error=f"not valid JSON: {exc.msg} (column {exc.colno})"
            )
        else:
            if isinstance(value, dict):
                yield SourceRow(index, number, _strip_private(value), raw=value)
            else:
                yield SourceRow(index, number, None, raw=line, error="not a JSON object")
        index += 1


# The columns a rejects file adds; a rejects file imported again gets them anew, not twice.
REJECT_COLUMNS = ("_line", "_error", "_extra")


def _extra_cell(previous: str, surplus: list[str]) -> str:
    """The `_extra` cell: a JSON array of the values a row had past the header's last column.

    A row that already carries an `_extra` (a rejects file imported again) keeps those values first.
    """
    if not surplus:
        return previous
    kept: list[Any] = []
    if previous:
        try:
            earlier = json.loads(previous)
        except json.JSONDecodeError:
            earlier = None
        kept = earlier if isinstance(earlier, list) else [previous]
    return json.dumps([*kept, *surplus], ensure_ascii=False)


def check_rejects_target(path: Path, *, new_folder: bool = False) -> None:
    """Refuse a rejects file that could not be written, before anything is imported.

    The file itself is only created at the first rejected row, which may come after many committed
    batches: a folder that does not exist or cannot be written to must stop the command at once
    instead. The file's folder must exist (a typo in a path creates no folders), except with
    `new_folder`, where it may be created, one level (a `--rejects FOLDER` for several files), at the
    first reject. Writing is tried for real (an empty temporary file, removed at once): permission
    bits do not tell (root, `/proc`, a read-only mount).
    """
    if path.is_dir():
        raise UnusableInput(f"rejects file {path}: is a folder, expected a file")
    if path.exists():
        try:
            with path.open("a", encoding="utf-8"):  # appends nothing: the file is left as it is
                pass
        except OSError as exc:
            raise UnusableInput(f"rejects file {path}: cannot be written: {exc.strerror or exc}") from None
        return
    folder = path.parent
    if not folder.is_dir() and new_folder and not folder.exists():
        folder = folder.parent  # where the folder would be created
    if not folder.is_dir():
        what = "not a folder" if folder.exists() else "no such folder"
        raise UnusableInput(
            f"rejects file {path}: {what}: {folder}", hint="create it first, or choose another path"
        )
    try:  # a named file, as the rejects file will be (O_TMPFILE, unnamed, is not always the same test)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".relgraph-rejects-check-"):
            pass
    except OSError as exc:
        raise UnusableInput(
            f"rejects file {path}: cannot create a file in {folder}: {exc.strerror or exc}",
            hint="choose another path with --rejects",
        ) from None


class RejectsWriter:
    """Writes rejected rows, as read, to a file in the input's format (created on the first reject).

    A CSV row keeps every value under its own column, whatever its number of fields: a short row is
    padded with empty cells, and the values of a long row past the last column go to `_extra`, so
    the user's data stays in the file and the columns stay aligned (the row can be fixed in place).

    A failure to write (a full disk, a folder removed meanwhile) does not stop the import: the rows
    are accounted for all the same, and losing that for a rejects file would be worse. It is kept in
    `error`; `missed` counts the rejected rows that may not be in the file: those since the last
    successful `flush` (buffered, perhaps partly written) and every one after.
    """

    def __init__(self, path: Path, source: InputFile) -> None:
        self.path = path
        self.source = source
        self.count = 0
        self.missed = 0
        self.error: OSError | None = None
        self._unflushed = 0
        self._file: IO[str] | None = None
        self._csv: Any = None

    def write(self, outcome: RowOutcome, row: SourceRow) -> None:
        self.count += 1
        if self.error is not None:
            self.missed += 1
            return
        self._unflushed += 1
        try:
            self._write(outcome, row)
        except OSError as exc:
            self._fail(exc)

    def flush(self) -> None:
        """Push the rows written so far to the file (the CLI does after every batch)."""
        if self._file is None or self.error is not None:
            return
        try:
            self._file.flush()
        except OSError as exc:
            self._fail(exc)
        else:
            self._unflushed = 0

    def _fail(self, exc: OSError) -> None:
        self.error = exc
        self.missed += self._unflushed
        self._unflushed = 0
        self._close_quietly()

    def _write(self, outcome: RowOutcome, row: SourceRow) -> None:
        if self._file is None:
            self.path.parent.mkdir(exist_ok=True)  # a --rejects folder for several files; not its parents
            self._file = self.path.open(
                "w", encoding="utf-8", newline="" if self.source.format == "csv" else None
            )
            if self.source.format == "csv":
                self._csv = csv.writer(self._file)
                self._csv.writerow([*self._columns(), *REJECT_COLUMNS])
        if self.source.format == "csv":
            self._write_csv(outcome, row)
        else:
            if isinstance(row.raw, dict):
                record = {k: v for k, v in row.raw.items() if k not in ("_line", "_error")}
                record["_line"] = row.line
                record["_error"] = outcome.message
                self._file.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            else:
                # A line that is not a JSON object is written back as it was, to be fixed by hand.
                self._file.write(str(row.raw).rstrip("\n") + "\n")

    def _columns(self) -> list[str]:
        return [h.strip() for h in self.source.header if h.strip() not in REJECT_COLUMNS]

    def _write_csv(self, outcome: RowOutcome, row: SourceRow) -> None:
        header = [h.strip() for h in self.source.header]
        values = list(row.raw) if isinstance(row.raw, list) else []
        surplus = values[len(header) :]
        cells = dict(zip(header, values + [""] * (len(header) - len(values)), strict=False))
        message = outcome.message
        if surplus:
            message += f" (the {len(surplus)} values past the last column are in _extra)"
        extra = _extra_cell(cells.get("_extra", ""), surplus)
        self._csv.writerow([*(cells[h] for h in self._columns()), row.line, message, extra])

    def close(self) -> None:
        """Close the file; a failure (the last buffered rows not written) lands in `error` too."""
        if self._file is None:
            return
        try:
            self._file.close()
        except OSError as exc:
            self._fail(exc)
        else:
            self._file = None
            self._unflushed = 0

    def _close_quietly(self) -> None:
        file, self._file = self._file, None
        if file is not None:
            with contextlib.suppress(OSError):  # already failing: `error` holds the first cause
                file.close()

    def __enter__(self) -> RejectsWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
