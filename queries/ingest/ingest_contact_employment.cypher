// name: ingest_contact_employment
// mode: write
// params: $rows, $now
// :param rows => [{"i": 0, "key": "c1", "accountKey": "a1", "since": null, "until": null, "history": false, "props": {"role": "champion", "title": "Head of IT", "seniority": "director"}}]
// :param now => "2026-01-01T00:00:00Z"
// column: i: the row's index in the batch
// column: changed: whether any WORKS_AT was created or changed (its period, or the role, title or seniority held there)
// column: closedAccounts: keys of the accounts whose employment this row closed (a move)
// Employment from contact rows that name an account. One WORKS_AT per (contact, account) holds the
// latest period. A new employment (or a return after the old one ended) that is still open closes the
// contact's other open employments that began no later (until = the new since, else $now), so a move
// is kept as history. A row never reopens an employment that has ended unless its since is after
// that end, so replaying an older file after a newer one changes nothing.
// The employment also keeps the role, title and seniority the contact held there (`props`), so that
// what a champion was at the account they left survives the rows of their next employer, which
// overwrite the Contact node. A row that is not history (`history`: ingest_contacts' answer) states
// them whole, as it does on the node; so does any row that opens the period, or that finds none stored
// yet (an employment written before they were kept). A history row that names the period's end
// (until) is a record of that ended employment and corrects what it knows (an unknown role or
// seniority, or no title, keeps the stored one); one without until is a snapshot from while the contact
// was still there (an older file replayed) and changes none of them.
UNWIND $rows AS row
MATCH (c:Contact {key: row.key})
MATCH (a:Account {key: row.accountKey})
OPTIONAL MATCH (c)-[old:WORKS_AT]->(a)
WITH row, c, a, old {.since, .until, .role, .title, .seniority} AS before,
     old IS NULL OR (old.until IS NOT NULL AND row.since IS NOT NULL AND row.since > old.until) AS opens
WITH row, c, a, before, opens,
     CASE WHEN NOT row.history OR opens OR before.role IS NULL THEN 'whole'
          WHEN row.until IS NOT NULL THEN 'known'
          ELSE 'none' END AS held
MERGE (c)-[w:WORKS_AT]->(a)
SET w.since = CASE WHEN opens THEN row.since ELSE coalesce(row.since, w.since) END,
    w.until = CASE WHEN opens THEN row.until ELSE coalesce(row.until, w.until) END,
    w.role = CASE held
               WHEN 'whole' THEN row.props.role
               WHEN 'known' THEN CASE WHEN row.props.role = 'unknown' THEN w.role ELSE row.props.role END
               ELSE w.role END,
    w.seniority = CASE held
                    WHEN 'whole' THEN row.props.seniority
                    WHEN 'known' THEN CASE WHEN row.props.seniority = 'unknown' THEN w.seniority
                                           ELSE row.props.seniority END
                    ELSE w.seniority END,
    w.title = CASE held
                WHEN 'whole' THEN row.props.title
                WHEN 'known' THEN coalesce(row.props.title, w.title)
                ELSE w.title END
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
       OR any(k IN ['since', 'until', 'role', 'title', 'seniority']
              WHERE NOT coalesce(before[k] = w[k], before[k] IS NULL AND w[k] IS NULL))
       OR size(closedAccounts) > 0 AS changed,
       closedAccounts
