#!/usr/bin/env bash
# What `make run` and the Docker image do: a Neo4j (local unless NEO4J_URI is set), the schema,
# demo data on an empty database, a development API key, then the API on $PORT.
# With RELGRAPH_ENV=production: the schema, then the API; no demo data, no key, no secret printed.
set -euo pipefail
cd "$(dirname "$0")/.."
RELGRAPH=${RELGRAPH:-.venv/bin/relgraph}
PORT=${PORT:-${RELGRAPH_API_PORT:-8000}}
HOST=${HOST:-${RELGRAPH_API_HOST:-127.0.0.1}}
DEMO_ACCOUNTS=${DEMO_ACCOUNTS:-300}
STATE_DIR=${RELGRAPH_STATE_DIR:-.relgraph}
mkdir -p "$STATE_DIR"

if [[ -z "${NEO4J_URI:-}" ]]; then
  echo "Starting the local Neo4j (set NEO4J_URI to use another server)..." >&2
  # The command prints NEO4J_URI=..., NEO4J_USER=..., NEO4J_PASSWORD=... lines.
  eval "$("$RELGRAPH" neo4j start)"
  export NEO4J_URI NEO4J_USER NEO4J_PASSWORD
fi

"$RELGRAPH" migrate

if [[ "${RELGRAPH_ENV:-}" == "production" ]]; then
  # A real deployment's database: demo data and a fresh admin key on every start would pollute it, and
  # the container's log is no place for a key or the Neo4j password. Keys: `relgraph keys create`.
  cat >&2 <<MSG

relgraph is starting in production: the schema is applied, nothing else is done (no demo data, no
API key created, no GraphiQL). Create keys with \`relgraph keys create --name NAME --scopes read\`.
  API:    listening on ${HOST}:${PORT}: POST /graphql, GET /healthz (liveness), GET /readyz (readiness)
  Neo4j:  ${NEO4J_URI}

MSG
  exec "$RELGRAPH" serve --host "$HOST" --port "$PORT"
fi

if "$RELGRAPH" demo --if-empty --accounts "$DEMO_ACCOUNTS" --history-weeks "${DEMO_HISTORY_WEEKS:-8}"; then :; else
  echo "loading demo data failed" >&2; exit 1
fi

key_file="$STATE_DIR/dev-api-key"
# A fresh development key each start (the database may be new); `relgraph keys list|revoke` manage old ones.
"$RELGRAPH" keys create --name "development" --scopes read,write,admin > "$key_file"
chmod 600 "$key_file"

# Neo4j Browser's address: NEO4J_BROWSER_URL if given; else the local server's when NEO4J_URI is that
# server (its home records the HTTP port it was started with: `relgraph neo4j status` prints
# "bolt URI  browser URL"); else unknown, since another server's HTTP port is its own.
browser_url=${NEO4J_BROWSER_URL:-}
if [[ -z "$browser_url" ]]; then
  local_server=$("$RELGRAPH" neo4j status 2>/dev/null | sed -n 's/^bolt \([^ ]*\)  browser \([^ ]*\)$/\1 \2/p' || true)
  if [[ -n "$local_server" && "${local_server%% *}" == "$NEO4J_URI" ]]; then
    browser_url=${local_server#* }
  fi
fi
if [[ -n "$browser_url" ]]; then
  browser_line="Neo4j Browser: ${browser_url}  (bolt ${NEO4J_URI}, user ${NEO4J_USER:-neo4j}, password ${NEO4J_PASSWORD:-})"
else
  browser_line="Neo4j:         bolt ${NEO4J_URI}, user ${NEO4J_USER:-neo4j}, password ${NEO4J_PASSWORD:-}
                 (Neo4j Browser: on that server's HTTP port; set NEO4J_BROWSER_URL to show it here)"
fi

cat >&2 <<MSG

relgraph is up.
  GraphiQL:      http://localhost:${PORT}/graphql
  API key:       $(cat "$key_file")
                 (in GraphiQL's Headers pane: {"Authorization": "Bearer $(cat "$key_file")"})
  ${browser_line}

MSG
exec "$RELGRAPH" serve --host "$HOST" --port "$PORT"
