"""The logging of an API process: every line with its time, level and logger, relgraph's own loggers at
`RELGRAPH_LOG_LEVEL`.

uvicorn's default configuration sets up only its own loggers, so the lines of `relgraph.*` (webhook
attempts, the risk feed, unexpected errors) and of the Neo4j driver reached stderr bare, and their INFO
lines never did. `relgraph serve` makes this uvicorn's default (`api.serve`); a configuration of the
operator's own (`--log-config`, `UVICORN_LOG_CONFIG`) replaces it whole.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LINE_FORMAT", "logging_config"]

LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# uvicorn's access line, after the same prefix.
_ACCESS_FORMAT = LINE_FORMAT.replace(
    "%(message)s", '%(client_addr)s - "%(request_line)s" %(status_code)s'
)


def logging_config(level: str) -> dict[str, Any]:
    """A `logging.config.dictConfig` configuration: relgraph's loggers at `level` (uvicorn's names:
    critical, error, warning, info, debug, trace), the driver's at WARNING, anything else's warnings and
    errors too; uvicorn's start-up and error lines on stderr and its access log on stdout, as uvicorn
    has them, each line prefixed with time, level and logger.

    The formatters are uvicorn's, without colours (a log file is not a terminal): uvicorn sets their
    `use_colors` when asked to (`--use-colors`), which a plain `logging.Formatter` would refuse.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "default": {"()": "uvicorn.logging.DefaultFormatter", "fmt": LINE_FORMAT, "use_colors": False},
            "access": {"()": "uvicorn.logging.AccessFormatter", "fmt": _ACCESS_FORMAT, "use_colors": False},
        },
        "handlers": {
            "default": {"class": "logging.StreamHandler", "formatter": "default", "stream": "ext://sys.stderr"},
            "access": {"class": "logging.StreamHandler", "formatter": "access", "stream": "ext://sys.stdout"},
        },
        # Whatever no logger below names (asyncio, strawberry...): its warnings and errors, formatted.
        "root": {"level": "WARNING", "handlers": ["default"]},
        "loggers": {
            # uvicorn's own, as in its default configuration (uvicorn sets their level from --log-level).
            "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            # Through the root's handler.
            "relgraph": {"level": level.upper()},
            # The driver logs every Bolt message at DEBUG: only its warnings (retries) and errors.
            "neo4j": {"level": "WARNING"},
        },
    }
