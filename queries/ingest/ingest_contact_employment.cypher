// name: ingest_contact_employment
// mode: write
// params: $rows, $now
// :param rows => [{"i": 0, "key": "c1", "accountKey": "a1", "since": null, "until": null}]
// :param now => "2026-01-01T00:00:00Z"
// column: i: the row's index in the batch
// column: changed: whether any WORKS_AT was created or changed
// column: closedAccounts: keys of the accounts whose employment this row closed (a move)
// Employment from contact rows that name an account. One WORKS_AT per (contact, account) holds the
// latest period. A new employment (or a return after the old one ended) that is still open closes the
// contact's other open employments that began no later (until = the new since, else $now), so a move
// is kept as history. A row never reopens an employment that has ended unless its since is after
// that end, so replaying an older file after a newer one changes nothing.
UNWIND $rows AS row
MATCH (c:Contact {key: row.key})
MATCH (a:Account {key: row.accountKey})
OPTIONAL MATCH (c)-[old:WORKS_AT]->(a)
WITH row, c, a, old {.since, .until} AS before,
     old IS NULL OR (old.until IS NOT NULL AND row.since IS NOT NULL AND row.since > old.until) AS opens
MERGE (c)-[w:WORKS_AT]->(a)
SET w.since = CASE WHEN opens THEN row.since ELSE coalesce(row.since, w.since) END,
    w.until = CASE WHEN opens THEN row.until ELSE coalesce(row.until, w.until) END
WITH row, c, a, w, before, opens
CALL (row, c, a, w, opens) {
  WITH * WHERE opens AND w.until IS NULL
  MATCH (c)-[other:WORKS_AT]->(x:Account)
  WHERE x <> a AND other.until IS NULL AND (other.since IS NULL OR other.since <= coalesce(row.since, $now))
  SET other.until = coalesce(row.since, $now)
  RETURN collect(x.key) AS closedAccounts
}
RETURN row.i AS i,
       before IS NULL
       OR NOT coalesce(before.since = w.since, before.since IS NULL AND w.since IS NULL)
       OR NOT coalesce(before.until = w.until, before.until IS NULL AND w.until IS NULL)
       OR size(closedAccounts) > 0 AS changed,
       closedAccounts
