r"""The text a record may carry: keys, names, free text and email addresses.

Every one is stripped and bounded in length, and none may hold characters that change what a reader sees
from what is stored: control characters (a NUL, an escape, a C1 control) and the bidirectional
formatting characters (U+202A-U+202E, U+2066-U+2069; "Trojan Source"), which make a name display in
another order than it reads, in every answer and risk sentence that quotes it. A key is one line;
names and free text (an interaction's subject) may hold tabs and line breaks.

>>> _one_line("Acme\u202eAS")  # doctest: +ELLIPSIS
Traceback (most recent call last):
  ...
ValueError: holds U+202E at position 5, a bidirectional formatting character (...); remove it
>>> _free_text("first line\nsecond")
'first line\nsecond'
>>> _email("@@")
Traceback (most recent call last):
  ...
ValueError: not an email address: '@@' (expected name@domain)
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints

__all__ = ["Email", "Key", "Name", "Text"]

_BIDI = "\u202a-\u202e\u2066-\u2069"
# One line: every C0 control (tab and line breaks too), DEL, the C1 controls and the bidi formatting.
_NOT_IN_A_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
# Free text: the same, but tabs and line breaks are text.
_NOT_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")


def _refusal(found: re.Match[str]) -> ValueError:
    char = found.group()
    where = f"U+{ord(char):04X} at position {found.start() + 1}"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return ValueError(
            f"holds {where}, a bidirectional formatting character (it makes text display in another order "
            f"than it is stored); remove it"
        )
    return ValueError(f"holds the control character {where}; remove it")


def _one_line(value: str) -> str:
    found = _NOT_IN_A_LINE.search(value)
    if found:
        raise _refusal(found)
    return value


def _free_text(value: str) -> str:
    found = _NOT_IN_TEXT.search(value)
    if found:
        raise _refusal(found)
    return value


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(f"not an email address: {value!r} (expected name@domain)")
    return value


Key = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=256), AfterValidator(_one_line)
]
"""A system-of-record key: a non-blank line."""

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), AfterValidator(_free_text)
]
"""A person's or an account's name: non-blank (a line break inside is kept, as exports carry them)."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), AfterValidator(_free_text)]
"""Free text: titles, departments, domains, subjects."""

_Address = Annotated[str, StringConstraints(strip_whitespace=True, max_length=320), AfterValidator(_email)]

Email = Annotated[_Address | None, BeforeValidator(_blank_is_none)]
"""An email address (one `@` with something on each side, no spaces), or None when blank."""
