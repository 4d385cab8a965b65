"""Start, stop and inspect a local Neo4j server that lives in a home folder of its own.

A home holds `conf/neo4j.conf`, `data/`, `logs/`, `run/`, `import/` and `relgraph.json` (the
connection: URI, user, password, ports, pid). The password is made at the first start and set
before the database first runs, so the server never answers with the default credentials.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from graph.errors import ConfigurationError, StoreUnavailable
from graph.neo4j_server.assembly import NEO4J_VERSION, Distribution, assemble

__all__ = [
    "Connection",
    "ServerStatus",
    "default_home",
    "find_java",
    "read_connection",
    "start",
    "status",
    "stop",
]

CONNECTION_FILE = "relgraph.json"
MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
# What bin/neo4j passes to the JVM on Java 17 that the server needs.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
]


@dataclass(frozen=True)
class Connection:
    """How to reach a local server; printed by `relgraph neo4j start` as shell assignments."""

    uri: str
    user: str
    password: str
    bolt_port: int
    http_port: int
    pid: int | None = None

    def as_env(self) -> dict[str, str]:
        return {"NEO4J_URI": self.uri, "NEO4J_USER": self.user, "NEO4J_PASSWORD": self.password}

    def as_settings(self) -> dict[str, str]:
        return {"neo4j_uri": self.uri, "neo4j_user": self.user, "neo4j_password": self.password}

    @property
    def browser_url(self) -> str:
        return f"http://localhost:{self.http_port}/browser/"


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    home: Path
    pid: int | None
    connection: Connection | None
    rss_mb: float | None


def default_home() -> Path:
    """`$RELGRAPH_NEO4J_HOME`, else `$XDG_DATA_HOME/relgraph/neo4j`, else `~/.local/share/relgraph/neo4j`."""
    if explicit := os.environ.get("RELGRAPH_NEO4J_HOME"):
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "relgraph" / "neo4j"


def read_connection(home: Path) -> Connection:
    """The connection a server started in `home` left behind (FileNotFoundError when none)."""
    data = json.loads((Path(home) / CONNECTION_FILE).read_text())
    return Connection(**data)


def _write_connection(home: Path, connection: Connection) -> None:
    path = home / CONNECTION_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(connection), indent=2))
    tmp.chmod(0o600)
    tmp.replace(path)


def find_java() -> str:
    """A Java 17 or 21 runtime: `$RELGRAPH_JAVA`, `$JAVA_HOME`, `java` on PATH, then /usr/lib/jvm."""
    candidates: list[str] = []
    if explicit := os.environ.get("RELGRAPH_JAVA"):
        candidates.append(explicit)
    if java_home := os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(java_home) / "bin" / "java"))
    candidates.append("java")
    candidates += sorted(str(p) for p in Path("/usr/lib/jvm").glob("*/bin/java"))
    seen: list[str] = []
    for java in candidates:
        major = _java_major(java)
        if major in (17, 21):
            return java
        if major is not None:
            seen.append(f"{java} (Java {major})")
    raise ConfigurationError(
        "no Java 17 or 21 runtime found; Neo4j 5.26 needs one"
        + (f" (found only {', '.join(seen)})" if seen else ""),
        hint="install OpenJDK 17 or set RELGRAPH_JAVA to its java binary",
    )


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)', out)
    return int(m.group(1)) if m else None


def _conf(
    home: Path, dist: Distribution, bolt_port: int, http_port: int, auth: bool, heap: str, pagecache: str
) -> str:
    return "\n".join(
        [
            "# Written by `relgraph neo4j start` at every start; edit the command's options instead.",
            "server.bolt.enabled=true",
            f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
            f"server.bolt.advertised_address=localhost:{bolt_port}",
            "server.http.enabled=true",
            f"server.http.listen_address=127.0.0.1:{http_port}",
            f"server.http.advertised_address=localhost:{http_port}",
            "server.https.enabled=false",
            f"dbms.security.auth_enabled={'true' if auth else 'false'}",
            f"server.directories.data={home / 'data'}",
            f"server.directories.logs={home / 'logs'}",
            f"server.directories.run={home / 'run'}",
            f"server.directories.import={home / 'import'}",
            f"server.directories.plugins={dist.plugins}",
            f"server.memory.heap.initial_size={heap}",
            f"server.memory.heap.max_size={heap}",
            f"server.memory.pagecache.size={pagecache}",
            "dbms.usage_report.enabled=false",
            "dbms.security.procedures.unrestricted=apoc.*",
            "dbms.security.procedures.allowlist=apoc.*",
            "",
        ]
    )


def _pid_alive(pid: int) -> bool:
    """True when `pid` is a running Neo4j server (a recycled pid of another program is not)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return MAIN_CLASS.encode() in cmdline and ") Z " not in stat


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _die_with_parent() -> None:
    """In the child: ask the kernel to SIGTERM us when the parent dies (tests leave nothing behind)."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    pr_set_pdeathsig = 1
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def start(
    home: Path | None = None,
    *,
    bolt_port: int = 7687,
    http_port: int = 7474,
    auth: bool = True,
    heap: str = "1g",
    pagecache: str = "512m",
    timeout: float = 180.0,
    tie_to_parent: bool = False,
    echo: Callable[[str], None] = lambda _: None,
) -> Connection:
    """Start a server in `home` (made if missing) and return once Bolt answers.

    A server already running in `home` is left as it is and its connection returned. With
    `tie_to_parent`, the server dies with the calling process (for test sessions).
    """
    home = Path(home or default_home()).expanduser().resolve()
    current = status(home)
    if current.running and current.connection is not None:
        if (current.connection.bolt_port, current.connection.http_port) != (bolt_port, http_port):
            echo(
                f"Neo4j already runs in {home} on ports {current.connection.bolt_port}/"
                f"{current.connection.http_port}; keeping it"
            )
        return current.connection
    for port in (bolt_port, http_port):
        if not _port_free(port):
            raise ConfigurationError(
                f"port {port} on 127.0.0.1 is taken by another program",
                hint="choose other ports with --bolt-port/--http-port, or stop that program",
            )
    dist = assemble(echo=echo)
    java = find_java()
    for sub in ("conf", "data", "logs", "run", "import"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text(_conf(home, dist, bolt_port, http_port, auth, heap, pagecache))

    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    password = _password_for(home, auth, java, dist, env)

    log = open(home / "logs" / "console.log", "ab")  # noqa: SIM115 - the child owns it
    proc = subprocess.Popen(
        [
            java,
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *JVM_FLAGS,
            "-cp",
            dist.classpath,
            MAIN_CLASS,
            f"--home-dir={home}",
            f"--config-dir={home / 'conf'}",
            "--console-mode",
        ],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=home,
        start_new_session=True,
        preexec_fn=_die_with_parent if tie_to_parent else None,
    )
    log.close()
    connection = Connection(
        uri=f"bolt://localhost:{bolt_port}",
        user="neo4j",
        password=password,
        bolt_port=bolt_port,
        http_port=http_port,
        pid=proc.pid,
    )
    (home / "run" / "relgraph-neo4j.pid").write_text(str(proc.pid))
    _write_connection(home, connection)
    echo(f"Starting Neo4j {NEO4J_VERSION} in {home} (pid {proc.pid})...")
    _wait_for_bolt(proc, connection, home, timeout)
    return connection


def _password_for(home: Path, auth: bool, java: str, dist: Distribution, env: dict[str, str]) -> str:
    if not auth:
        return ""
    try:
        known = read_connection(home).password
    except FileNotFoundError:
        known = ""
    if known:
        return known
    if (home / "data" / "dbms" / "auth.ini").exists() or (home / "data" / "databases").exists():
        raise ConfigurationError(
            f"{home} holds a database whose password relgraph does not know",
            hint=f"write it to {home / CONNECTION_FILE} or start with a new --home",
        )
    # A leading "-" would be read as an option by neo4j-admin: start with letters.
    password = "rg" + secrets.token_urlsafe(18)
    proc = subprocess.run(
        [java, "-cp", f"{dist.lib}/*", ADMIN_CLASS, "dbms", "set-initial-password", password],
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
    )
    if proc.returncode != 0:
        raise ConfigurationError(f"neo4j-admin set-initial-password failed: {proc.stdout}{proc.stderr}")
    return password


def _wait_for_bolt(proc: subprocess.Popen[bytes], connection: Connection, home: Path, timeout: float) -> None:
    from neo4j import GraphDatabase

    deadline = time.monotonic() + timeout
    auth = (connection.user, connection.password) if connection.password else None
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise StoreUnavailable(
                f"Neo4j exited with code {proc.returncode} while starting; last lines of "
                f"{home / 'logs' / 'console.log'}:\n{_tail(home / 'logs' / 'console.log')}"
            )
        try:
            with socket.create_connection(("127.0.0.1", connection.bolt_port), timeout=1):
                pass
            with GraphDatabase.driver(connection.uri, auth=auth) as driver:
                driver.verify_connectivity()
            return
        except Exception as exc:  # not up yet: refused, handshake, auth not ready
            last_error = exc
            time.sleep(0.25)
    proc.terminate()
    raise StoreUnavailable(f"Neo4j did not answer on Bolt within {timeout:.0f}s ({last_error})")


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _pid_of(home: Path) -> int | None:
    try:
        return int((home / "run" / "relgraph-neo4j.pid").read_text().strip())
    except (OSError, ValueError):
        return None


def status(home: Path | None = None) -> ServerStatus:
    """Whether a server runs in `home`, with its connection and resident memory."""
    home = Path(home or default_home()).expanduser().resolve()
    pid = _pid_of(home)
    running = pid is not None and _pid_alive(pid)
    try:
        connection: Connection | None = read_connection(home)
    except (OSError, ValueError, TypeError):
        connection = None
    rss = None
    if running:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
        except OSError:
            pass
    return ServerStatus(
        running=running, home=home, pid=pid if running else None, connection=connection, rss_mb=rss
    )


def stop(home: Path | None = None, *, timeout: float = 60.0) -> bool:
    """Stop the server of `home` and wait until it is gone; False when none was running."""
    home = Path(home or default_home()).expanduser().resolve()
    pid = _pid_of(home)
    if pid is None or not _pid_alive(pid):
        (home / "run" / "relgraph-neo4j.pid").unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _pid_alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
        time.sleep(0.1)
        _reap(pid)
    (home / "run" / "relgraph-neo4j.pid").unlink(missing_ok=True)
    return True


def _reap(pid: int) -> None:
    """Collect our own child so it does not linger as a zombie (no-op for another's process)."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
