"""A CSV quoted field that is never closed, found before anything is imported.

Python's csv module, lenient, hands back a quoted field left open at the end of a file (the rest of
the file) as one plain value: one unbalanced quote would turn every row after it into a single
rejected "row". `check_quotes` reads the file once with the csv module (C speed, one row in memory at
a time) and refuses it, naming the line where the quote opened; the streaming reader of
`graph.ingest.files` uses the same end marker as a safeguard, in case the file changes in between.
"""

from __future__ import annotations

import csv
import itertools
from collections import deque
from pathlib import Path

from graph.ingest.unusable import UnusableInput

__all__ = ["END", "END_LINE", "FIELD_LIMIT", "check_quotes", "open_quote_line"]

FIELD_LIMIT = 10 * 1024 * 1024
csv.field_size_limit(FIELD_LIMIT)
# Fed to the CSV reader after the file's last line. After a record that ended, it is a row of its own,
# two fields; a quoted field still open at the end of the file swallows it whole, comma included. The
# csv module, lenient, would otherwise hand back such a field (the rest of the file) as a plain value,
# silently: this is how one unbalanced quote is told apart. (Noncharacters: never in a real file.)
END = "\ufdd0relgraph:end-of-input\ufdd0"
END_LINE = f"{END},{END}"


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def open_quote_line(values: list[str], line_num: int) -> int | None:
    """The line where a quoted field still open at the end of the input began, or None if none is.

    `values` is the last record the reader gave (the input followed by `END_LINE`), `line_num` the
    reader's line count then. An open field is the record's last one and runs from its opening quote
    to the end of the file, so counting back the line breaks it swallowed finds the line it opened
    on, even in a record whose earlier quoted fields spanned lines on purpose.
    """
    if not values or not values[-1].endswith(END_LINE):
        return None
    swallowed = values[-1][: -len(END_LINE)]
    # `line_num` counts `END_LINE` too; a field that ended with a line break took that line whole.
    ends_with_break = swallowed.endswith(("\n", "\r"))
    return line_num - _line_breaks(swallowed) - (0 if ends_with_break else 1)


_OPEN_QUOTE_HINT = "close it, or write a quote inside a quoted value as two quotes: \"\""


def check_quotes(path: Path) -> None:
    """Refuse a CSV with a quoted field that is never closed (it would swallow every row after it).

    One pass of the csv module over the file (C speed, one row in memory at a time, ~1 µs a row): the
    import streams, so a quote found open at the end of the file could otherwise only be noticed after
    every row before it had been written, and the rows it swallowed could not be accounted for.
    """
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(itertools.chain(f, (END_LINE,)))
        try:
            last = deque(reader, maxlen=1)
        except csv.Error:
            # A field past the size limit: a quote left open in a big file, or one huge line.
            _scan_quotes(path)
            return
    _refuse_open_quote(path, last[0] if last else [], reader.line_num)


def _scan_quotes(path: Path) -> None:
    """`check_quotes` row by row, for a file with a field larger than the size limit (rare, slower).

    A field that grew past the limit in a row spanning several lines is a quote left open (10 MiB
    of a value is not a record field); one line that long alone is only that row's problem (it is
    rejected when read, and the reader goes on at the next line).
    """
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(itertools.chain(f, (END_LINE,)))
        values: list[str] = []
        last_line = 0
        while True:
            start = last_line + 1
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error:
                if reader.line_num > start:
                    raise UnusableInput(
                        f"{path}:{start}: a quoted field in the row starting here is still open after "
                        f"{FIELD_LIMIT // (1024 * 1024)} MiB (line {reader.line_num:,}): "
                        "is a closing quote missing?",
                        hint=_OPEN_QUOTE_HINT,
                    ) from None
            last_line = reader.line_num
    _refuse_open_quote(path, values, last_line)


def _refuse_open_quote(path: Path, values: list[str], line_num: int) -> None:
    line = open_quote_line(values, line_num)
    if line is not None:
        raise UnusableInput(
            f"{path}:{line}: a quoted field opened here is never closed", hint=_OPEN_QUOTE_HINT
        )
