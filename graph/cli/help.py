"""Help that shows what to type: flags without a value placeholder, arguments as `NAME...` in usage.

Typer (0.2x) labels every option with its Python type, a flag too (`--json <bool>`, `--help <bool>`,
as if it took a value), and writes a required argument as `{files}...` in the usage line. The
commands and groups of `relgraph` use the classes below instead (`honest_help` sets them on every
registered command), which print `--json` alone and `relgraph import [OPTIONS] FILES...`.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

__all__ = ["HonestHelpCommand", "HonestHelpGroup", "honest_help"]


class _HonestHelp:
    """What the two classes share: flags shown bare, arguments named the way usage lines name them."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            # An empty metavar is what Typer shows instead of the type: a flag takes no value.
            if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
                param.metavar = ""
        return params

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []  # type: ignore[attr-defined]
        for param in self.get_params(ctx):
            is_argument = isinstance(param, TyperArgument)
            pieces += [_usage_name(param)] if is_argument else param.get_usage_pieces(ctx)
        if isinstance(self, TyperGroup):
            pieces.append(self.subcommand_metavar)
        return pieces


def _usage_name(argument: TyperArgument) -> str:
    # As click writes them: `FILES...` required, `[NAME]` optional.
    name = argument.metavar or (argument.name or "").upper()
    if argument.nargs != 1:
        name += "..."
    return name if argument.required else f"[{name}]"


class HonestHelpCommand(_HonestHelp, TyperCommand):
    """A command whose help shows flags without a value and arguments as `NAME...`."""


class HonestHelpGroup(_HonestHelp, TyperGroup):
    """A group (`relgraph`, `relgraph keys`, ...) with the same help."""


def honest_help(app: typer.Typer) -> None:
    """Make every command and group registered on `app`, at any depth, use the classes above."""
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = HonestHelpCommand
    for group in app.registered_groups:
        group.cls = HonestHelpGroup
        if group.typer_instance is not None:
            honest_help(group.typer_instance)
