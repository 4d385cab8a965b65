"""A local Neo4j Community server assembled from Maven Central, for machines without Docker.

`assemble()` fetches the server, Neo4j Browser and APOC core once into a cache folder outside the
repository; `start()`, `stop()` and `status()` run a server from a home folder of its own.
"""

from graph.neo4j_server.assembly import APOC_VERSION, BROWSER_VERSION, NEO4J_VERSION, Distribution, assemble
from graph.neo4j_server.server import (
    Connection,
    ServerStatus,
    default_home,
    read_connection,
    start,
    status,
    stop,
)

__all__ = [
    "APOC_VERSION",
    "BROWSER_VERSION",
    "NEO4J_VERSION",
    "Connection",
    "Distribution",
    "ServerStatus",
    "assemble",
    "default_home",
    "read_connection",
    "start",
    "status",
    "stop",
]
