#!/usr/bin/env bash
# The world every benchmark runs on: a local Neo4j of its own (ports 27687/27474) holding the
# 10,000-account demo world. Prints the NEO4J_* exports to eval before running a benchmark:
#   eval "$(bash bench/setup_world.sh)"
set -euo pipefail
cd "$(dirname "$0")/.."
ACCOUNTS=${ACCOUNTS:-10000}
HOME_DIR=${BENCH_NEO4J_HOME:-.relgraph/bench-neo4j}
R=.venv/bin/relgraph
conn=$("$R" neo4j start --home "$HOME_DIR" --bolt-port 27687 --http-port 27474 --heap 2g --pagecache 2g)
eval "$conn"
export NEO4J_URI NEO4J_USER NEO4J_PASSWORD
"$R" migrate >&2
"$R" demo --if-empty --accounts "$ACCOUNTS" >&2
# `export`: without it the assignments reach the shell but not the benchmark it starts.
echo "$conn" | sed 's/^/export /'
