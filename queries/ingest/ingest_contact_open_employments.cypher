// name: ingest_contact_open_employments
// mode: write
// params: $rows
// :param rows => [{"i": 0, "key": "c1", "props": {"role": "champion", "title": "Head of IT", "seniority": "director"}}]
// column: i: the row's index in the batch
// column: accounts: keys of the accounts whose employment changed (empty: none did)
// Contact rows that name no account describe the contact now, and so the jobs they hold now: each open
// employment (no until) takes the row's role, title and seniority, as the Contact node did. Without
// this, a role recorded by such a row would be lost from the employment when the contact later moves
// (the employment, not the node, keeps what they were at an account; ingest_contact_employment).
UNWIND $rows AS row
MATCH (c:Contact {key: row.key})
OPTIONAL MATCH (c)-[w:WORKS_AT]->(a:Account)
WHERE w.until IS NULL
  AND NOT (coalesce(w.role = row.props.role, false)
           AND coalesce(w.seniority = row.props.seniority, false)
           AND coalesce(w.title = row.props.title, w.title IS NULL AND row.props.title IS NULL))
SET w.role = row.props.role, w.title = row.props.title, w.seniority = row.props.seniority
RETURN row.i AS i, collect(a.key) AS accounts
