"""Assemble Neo4j Community, Neo4j Browser and APOC core from Maven Central with the `mvn` client.

The packaged server tarball is not on Maven Central, but the jars that make it up are. Two wrapper
poms list them; `mvn dependency:copy-dependencies` copies them into `lib/` and `plugins/` of a cache
folder (`$RELGRAPH_CACHE_DIR`, else `$XDG_CACHE_HOME/relgraph`, else `~/.cache/relgraph`), once.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.errors import ConfigurationError

__all__ = ["APOC_VERSION", "BROWSER_VERSION", "NEO4J_VERSION", "Distribution", "assemble", "cache_root"]

# Keep in step with docker-compose.yml (a test checks they agree).
NEO4J_VERSION = "5.26.30"
APOC_VERSION = "5.26.19"  # the newest APOC core of the 5.26 line on Maven Central
BROWSER_VERSION = "5.24.0"  # the newest Neo4j Browser on Maven Central

_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>relgraph.local</groupId><artifactId>{artifact}</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
{dependencies}
  </dependencies>
</project>
"""
_DEPENDENCY = (
    "    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>"
)

SERVER_ARTIFACTS = [
    ("org.neo4j", "neo4j", NEO4J_VERSION),  # the database and CommunityEntryPoint
    ("org.neo4j.app", "neo4j-server", NEO4J_VERSION),  # HTTP, Bolt wiring
    ("org.neo4j.client", "neo4j-browser", BROWSER_VERSION),
]
PLUGIN_ARTIFACTS = [
    ("org.neo4j.procedure", "apoc-core", APOC_VERSION),
    ("org.neo4j.procedure", "apoc-common", APOC_VERSION),  # apoc-core's result types live here
]


@dataclass(frozen=True)
class Distribution:
    """Where the assembled jars are."""

    root: Path

    @property
    def lib(self) -> Path:
        return self.root / "lib"

    @property
    def plugins(self) -> Path:
        return self.root / "plugins"

    @property
    def classpath(self) -> str:
        return f"{self.lib}/*:{self.plugins}/*"


def cache_root() -> Path:
    if explicit := os.environ.get("RELGRAPH_CACHE_DIR"):
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "relgraph"


def assemble(*, echo: Callable[[str], None] = lambda _: None) -> Distribution:
    """Return the cached distribution, fetching it first if this machine has none.

    Safe to call from several processes at once: a file lock serialises the download.
    """
    root = cache_root() / f"neo4j-community-{NEO4J_VERSION}-apoc-{APOC_VERSION}"
    done = root / ".complete"
    if done.exists():
        return Distribution(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    with open(root.parent / f".{root.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.exists():
            return Distribution(root)
        mvn = shutil.which("mvn")
        if mvn is None:
            raise ConfigurationError(
                "Maven (`mvn`) is not on PATH; it is needed once to fetch Neo4j from Maven Central",
                hint="install Maven, or point NEO4J_URI at a running Neo4j 5.26",
            )
        echo(
            f"Fetching Neo4j {NEO4J_VERSION}, Neo4j Browser and APOC {APOC_VERSION} "
            "from Maven Central (once)..."
        )
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=root.parent))
        try:
            _copy_dependencies(mvn, staging / "server", SERVER_ARTIFACTS, staging / "lib")
            _copy_dependencies(mvn, staging / "apoc", PLUGIN_ARTIFACTS, staging / "plugins")
            _drop_plugin_jars_already_in_lib(staging / "lib", staging / "plugins")
            if root.exists():
                shutil.rmtree(root)
            staging.rename(root)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        done.write_text(NEO4J_VERSION + "\n")
        echo(f"Neo4j {NEO4J_VERSION} is cached in {root}")
    return Distribution(root)


def _copy_dependencies(mvn: str, workdir: Path, artifacts: list[tuple[str, str, str]], out: Path) -> None:
    workdir.mkdir(parents=True)
    deps = "\n".join(_DEPENDENCY.format(g=g, a=a, v=v) for g, a, v in artifacts)
    (workdir / "pom.xml").write_text(_POM.format(artifact=workdir.name, dependencies=deps))
    command = [
        mvn,
        "-B",
        "-q",
        "-f",
        str(workdir / "pom.xml"),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={out}",
        "-DincludeScope=runtime",
    ]
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise ConfigurationError(f"`mvn dependency:copy-dependencies` failed for {workdir.name}:\n{tail}")


def _artifact_name(jar: str) -> str:
    return re.sub(r"-\d[^-]*(-[A-Za-z]+)?\.jar$", "", jar)


def _drop_plugin_jars_already_in_lib(lib: Path, plugins: Path) -> None:
    """APOC's own copies of libraries the server already ships would shadow or clash with them."""
    in_lib = {_artifact_name(j.name) for j in lib.glob("*.jar")}
    for jar in plugins.glob("*.jar"):
        if _artifact_name(jar.name) in in_lib:
            jar.unlink()
