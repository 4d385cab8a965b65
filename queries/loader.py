"""Read `.cypher` files with a comment header into named, checked `Query` objects.

A file holds one statement (a `schema` file may hold several, separated by `;`)
after a header of `//` comment lines that an analyst can read in Neo4j Browser:

    // name: accounts_at_risk
    // mode: read
    // params: $limit, $minLevel
    // :param limit => 20
    // :param minLevel => "HIGH"
    // column: account: the account's name
    // Which of our most profitable accounts are most at risk?
    MATCH ...

`name` must equal the file's stem; `mode` is `read`, `write` or `schema`; `params`
lists every `$parameter` the body uses (`none` when it uses none). `:param` lines
give example values (JSON literals, which Neo4j Browser also accepts) and
`column:` lines say what each returned column means. Any other comment line in
the header is the description. Errors name the file and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["Catalog", "Query", "QueryFileError", "catalog", "load"]

ROOT = Path(__file__).resolve().parent
MODES = ("read", "write", "schema")

_HEADER_KEY = re.compile(r"^//\s*(name|mode|params|column|returns):\s*(.*)$")
_EXAMPLE = re.compile(r"^//\s*:param\s+([A-Za-z_][A-Za-z0-9_]*)\s*=>\s*(.+?)\s*;?$")
_PARAM_USE = re.compile(r"\$`?([A-Za-z_][A-Za-z0-9_]*)`?")
_STRING_OR_COMMENT = re.compile(r"'(?:\\.|[^'\\])*'|\"(?:\\.|[^\"\\])*\"|//[^\n]*|/\*.*?\*/", re.S)


class QueryFileError(ValueError):
    """A `.cypher` file is malformed; the message starts with `file:line`."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line


@dataclass(frozen=True)
class Query:
    """One named Cypher statement and what its header declares."""

    name: str
    mode: str
    params: tuple[str, ...]
    text: str
    path: Path
    description: str = ""
    examples: Mapping[str, Any] = field(default_factory=dict)
    columns: tuple[tuple[str, str], ...] = ()

    @property
    def group(self) -> str:
        """The folder under `queries/` the file lives in (`explore`, `schema`, ...)."""
        return self.path.parent.relative_to(ROOT).as_posix()

    @property
    def statements(self) -> list[str]:
        """The statements of a `schema` file (split on `;`); a single one otherwise."""
        if self.mode != "schema":
            return [self.text]
        return [s.strip() for s in self.text.split(";") if s.strip()]

    def check_params(self, given: Mapping[str, Any]) -> None:
        """Raise `ValueError` naming the parameters missing from or foreign to `given`."""
        missing = [p for p in self.params if p not in given]
        extra = [p for p in given if p not in self.params]
        if missing or extra:
            parts = []
            if missing:
                parts.append("missing " + ", ".join(f"${p}" for p in missing))
            if extra:
                parts.append("undeclared " + ", ".join(f"${p}" for p in extra))
            raise ValueError(f"query {self.name!r} ({self.path.name}): " + "; ".join(parts))


class Catalog(Mapping[str, Query]):
    """Every query under a folder, by name; refuses duplicate names."""

    def __init__(self, queries: Mapping[str, Query]) -> None:
        self._queries = dict(queries)

    def __getitem__(self, name: str) -> Query:
        try:
            return self._queries[name]
        except KeyError:
            raise KeyError(f"no query named {name!r} under {ROOT}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._queries))

    def __len__(self) -> int:
        return len(self._queries)

    def group(self, group: str) -> list[Query]:
        """The queries of one folder, sorted by name."""
        return [q for n, q in sorted(self._queries.items()) if q.group == group]


def parse_file(path: Path) -> Query:
    """Parse one `.cypher` file, checking its header against its body."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header: dict[str, tuple[int, str]] = {}
    examples: dict[str, Any] = {}
    columns: list[tuple[str, str]] = []
    description: list[str] = []
    body_start = len(lines)
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("//"):
            body_start = number - 1
            break
        if m := _EXAMPLE.match(line):
            try:
                examples[m.group(1)] = json.loads(m.group(2))
            except json.JSONDecodeError as exc:
                raise QueryFileError(
                    path, number, f"example for ${m.group(1)} is not a JSON literal: {exc}"
                ) from None
            continue
        if m := _HEADER_KEY.match(line):
            key, value = m.group(1), m.group(2).strip()
            if key == "column":
                col, _, meaning = value.partition(":")
                columns.append((col.strip(), meaning.strip()))
            elif key in header:
                raise QueryFileError(path, number, f"header key '{key}' given twice")
            else:
                header[key] = (number, value)
            continue
        description.append(line[2:].strip())

    for key in ("name", "mode", "params"):
        if key not in header:
            raise QueryFileError(path, 1, f"header lacks '// {key}: ...'")
    name_line, name = header["name"]
    if name != path.stem:
        raise QueryFileError(path, name_line, f"name '{name}' differs from the file name '{path.stem}'")
    mode_line, mode = header["mode"]
    if mode not in MODES:
        raise QueryFileError(path, mode_line, f"mode '{mode}' is not one of {', '.join(MODES)}")
    params_line, params_text = header["params"]
    declared: list[str] = []
    if params_text.lower() not in ("", "none"):
        for item in params_text.split(","):
            item = item.strip()
            if not re.fullmatch(r"\$[A-Za-z_][A-Za-z0-9_]*", item):
                raise QueryFileError(path, params_line, f"parameter '{item}' must be written as $name")
            declared.append(item[1:])

    text = "\n".join(lines[body_start:]).strip()
    if not text:
        raise QueryFileError(path, body_start + 1, "no Cypher after the header")
    used = _used_params(text)
    for param, offset in used.items():
        if param not in declared:
            raise QueryFileError(
                path, body_start + 1 + offset, f"${param} is used but not declared in params"
            )
    for param in declared:
        if param not in used:
            raise QueryFileError(path, params_line, f"${param} is declared but never used")
    for param in examples:
        if param not in declared:
            raise QueryFileError(path, params_line, f":param example for undeclared ${param}")
    return Query(
        name=name,
        mode=mode,
        params=tuple(declared),
        text=text,
        path=path,
        description=" ".join(description).strip(),
        examples=examples,
        columns=tuple(columns),
    )


def _used_params(text: str) -> dict[str, int]:
    """Parameters the Cypher uses, with the line offset of their first use."""
    # Blank out strings and comments but keep newlines so that offsets stay true.
    blanked = _STRING_OR_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    used: dict[str, int] = {}
    for m in _PARAM_USE.finditer(blanked):
        used.setdefault(m.group(1), blanked.count("\n", 0, m.start()))
    return used


def load_dir(root: Path) -> Catalog:
    """Parse every `.cypher` file below `root`; duplicate names are an error."""
    found: dict[str, Query] = {}
    for path in sorted(root.rglob("*.cypher")):
        query = parse_file(path)
        if query.name in found:
            raise QueryFileError(
                path, 1, f"duplicate query name '{query.name}' (also {found[query.name].path})"
            )
        found[query.name] = query
    return Catalog(found)


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """All of relgraph's queries, parsed once per process."""
    return load_dir(ROOT)


def load(name: str) -> Query:
    """The query named `name`."""
    return catalog()[name]
