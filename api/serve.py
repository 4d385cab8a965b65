"""`python -m api.serve UVICORN-ARGS`: uvicorn's own command line, with relgraph's logging as its default.

`relgraph serve` runs this rather than `python -m uvicorn`, so that every option uvicorn reads from its
command line or its environment (`UVICORN_*`, `FORWARDED_ALLOW_IPS`) still works, and only the logging
configuration used when none is given changes: `api.logs`, at uvicorn's `--log-level`. A `--log-config`
or `UVICORN_LOG_CONFIG` of the operator's own wins, as with uvicorn itself.
"""

from __future__ import annotations

import sys

import click
from uvicorn import main as uvicorn_command  # the click command of `python -m uvicorn`

from api.logs import logging_config

__all__ = ["main"]


def main(argv: list[str]) -> None:
    """Run uvicorn's command with `argv`, relgraph's logging standing in for uvicorn's default."""
    command = uvicorn_command
    try:
        with command.make_context("uvicorn", list(argv)) as context:
            # Parsed (the environment included): None means that no configuration was given. uvicorn
            # passes a dict on to its Config as it is, and on to every worker process it starts.
            if context.params.get("log_config") is None:
                context.params["log_config"] = logging_config(context.params.get("log_level") or "info")
            command.invoke(context)
    except click.exceptions.Exit as done:  # --version, --help
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)


if __name__ == "__main__":
    main(sys.argv[1:])
