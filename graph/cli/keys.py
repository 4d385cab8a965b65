"""`relgraph keys create|list|revoke`: API keys for the GraphQL API.

`create` normalises `--scopes` (`READ` is `read`, a repeat counts once) and refuses a blank `--name`
and an `--accounts` that names no account (exit 2); account keys not stored (yet) are kept, with a
warning on stderr that names them. `revoke` on a key already revoked changes
nothing, says so with the first date, and exits 0: the key is revoked either way, so a script may
run it again. It takes the id or the whole key (whose id is its middle part), and refuses anything
else before connecting, without echoing it (it may be most of a secret).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from graph.apikeys import ApiKey


def register(app: typer.Typer) -> None:
    keys = typer.Typer(help="Create, list and revoke API keys.", no_args_is_help=True)
    app.add_typer(keys, name="keys")

    @keys.command("create")
    def create(
        name: Annotated[str, typer.Option("--name", help="Who or what the key is for.")],
        scopes: Annotated[
            str,
            typer.Option(
                "--scopes", help="Comma-separated: read, write, admin (any case; repeats count once)."
            ),
        ] = "read",
        accounts: Annotated[
            str | None,
            typer.Option(
                "--accounts", help="Comma-separated account keys the key is limited to (default: all)."
            ),
        ] = None,
    ) -> None:
        """Create a key and print it, alone, on stdout: it is shown this once and stored only hashed."""
        from graph.apikeys import InvalidKeyRequest, check_key_request, create_key
        from graph.cli.context import open_store

        wanted = None if accounts is None else accounts.split(",")
        try:  # refused before connecting: nothing to create
            check_key_request(name, scopes.split(","), wanted)
        except InvalidKeyRequest as exc:
            raise typer.BadParameter(str(exc), param_hint=f"--{exc.field}") from None
        with open_store() as store:
            new = create_key(store, name, scopes.split(","), wanted)
        typer.echo(
            f"created key {new.key.id} ({', '.join(new.key.scopes)}); keep it now, it is not shown again",
            err=True,
        )
        if new.missing_accounts:
            # Not refused: the accounts may be imported later. A typo would otherwise go unnoticed.
            one = len(new.missing_accounts) == 1
            typer.echo(
                f"warning: {'account' if one else 'accounts'} {', '.join(new.missing_accounts)} "
                f"{'is' if one else 'are'} not stored (yet); the key is limited to "
                f"{'it' if one else 'them'} all the same and will see {'it' if one else 'them'} once "
                f"imported. Check the spelling; to start again: relgraph keys revoke {new.key.id}",
                err=True,
            )
        typer.echo(new.token)  # alone on stdout: scripts capture it

    @keys.command("list")
    def list_(
        as_json: Annotated[
            bool,
            typer.Option(
                "--json",
                help="A JSON array on stdout (id, name, scopes, accounts, created_at, revoked_at; null "
                "accounts means all), whole whatever the width: for scripts and audits.",
            ),
        ] = False,
    ) -> None:
        """List keys (id, name, scopes, accounts, created, revoked); never their secrets."""
        from graph.apikeys import list_keys
        from graph.cli.context import open_store

        with open_store() as store:
            found = list_keys(store)
        if as_json:
            # A table fits the terminal (80 columns when piped) and wraps long account lists.
            typer.echo(json.dumps([_key_json(k) for k in found], indent=2))
            return
        table = Table("name", "scopes", "accounts", "created", "revoked")
        # The id is what `keys revoke` takes: never wrapped or cut, whatever the terminal's width.
        table.add_column("id", no_wrap=True, min_width=12)
        for k in found:
            table.add_row(
                k.name,
                ",".join(k.scopes),
                "all" if k.accounts is None else ",".join(k.accounts),
                f"{k.created_at:%Y-%m-%d %H:%M}" if k.created_at else "",
                f"{k.revoked_at:%Y-%m-%d %H:%M}" if k.revoked_at else "",
                k.id,
            )
        Console().print(table)

    @keys.command("revoke")
    def revoke(
        id_or_key: Annotated[
            str,
            typer.Argument(
                metavar="ID",
                help="The key's 12-hex id (`relgraph keys list`), or the whole key rg_<id>_<secret>.",
            ),
        ],
    ) -> None:
        """Revoke a key: requests with it are refused from then on (exit 0 if it already was)."""
        from graph.apikeys import revoke_key
        from graph.cli.context import open_store

        key_id = _key_id(id_or_key)
        with open_store() as store:
            done = revoke_key(store, key_id)
        key = done.key
        if done.already_revoked:
            when = f" on {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else ""
            typer.echo(f"key {key.id} ({key.name}) was already revoked{when}; nothing changed", err=True)
        else:
            typer.echo(f"revoked key {key.id} ({key.name})", err=True)


def _key_json(key: ApiKey) -> dict[str, Any]:
    def instant(at: datetime | None) -> str | None:
        return None if at is None else at.isoformat()

    return {
        "id": key.id,
        "name": key.name,
        "scopes": list(key.scopes),
        "accounts": None if key.accounts is None else list(key.accounts),
        "created_at": instant(key.created_at),
        "revoked_at": instant(key.revoked_at),
    }


def _key_id(given: str) -> str:
    """The id in `given`: the id itself, or the one inside a whole key (the id is part of the token).

    What is refused is never echoed: a malformed key still holds most of a secret.
    """
    from graph.apikeys import PREFIX, parse_token

    given = given.strip()
    if len(given) == 12 and all(ch in "0123456789abcdef" for ch in given):
        return given
    key_id = parse_token(given)
    if key_id is not None:
        return key_id
    whole = given.startswith(f"{PREFIX}_")
    looks_like = "looks like a key but is not a whole one" if whole else "is not an id"
    raise typer.BadParameter(
        f"the value given {looks_like}: give the key's 12-hex id (`relgraph keys list`) or the whole key",
        param_hint="ID",
    )
