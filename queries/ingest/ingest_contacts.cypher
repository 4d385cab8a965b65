// name: ingest_contacts
// mode: write
// params: $rows
// :param rows => [{"i": 0, "key": "k1", "accountKey": "a1", "since": null, "until": null, "props": {"key": "k1", "name": "Example"}}]
// column: i: the row's index in the batch
// column: outcome: inserted, updated or duplicate (stored values already equal the row's, or the row is history)
// column: history: whether the row describes a past employment (its properties and reporting line are not applied)
// Upsert contact nodes by key from a batch of validated rows. `props` holds every property of the
// record (absent ones as null, which removes them: the record is the whole truth about the node).
// Materialized properties that are not in the record (metrics) are left alone.
// A row that describes a past employment is history, not the contact's present: one whose employment
// at its account has ended and that does not reopen it (its since is not after that end, the rule of
// ingest_contact_employment), or a closed period (until) while the contact works at another account
// now. Its properties (the email and role it had there) are not applied to the contact, so replaying
// an older file after a newer one changes nothing; the role, title and seniority it had there are the
// employment's (ingest_contact_employment, which may let a history row correct them).
UNWIND $rows AS row
OPTIONAL MATCH (old:Contact {key: row.key})
OPTIONAL MATCH (old)-[past:WORKS_AT]->(:Account {key: row.accountKey})
WITH row, old,
     old IS NOT NULL AND (
       (past.until IS NOT NULL AND NOT coalesce(row.since > past.until, false))
       OR (row.until IS NOT NULL AND EXISTS {
             MATCH (old)-[current:WORKS_AT]->(elsewhere:Account)
             WHERE current.until IS NULL AND elsewhere.key <> row.accountKey
           })
     ) AS history
WITH row, history, old IS NULL AS isNew,
     old IS NOT NULL AND NOT history AND any(k IN keys(row.props)
       WHERE NOT coalesce(old[k] = row.props[k], old[k] IS NULL AND row.props[k] IS NULL)) AS isChanged
MERGE (n:Contact {key: row.key})
FOREACH (_ IN CASE WHEN isNew OR isChanged THEN [1] ELSE [] END | SET n += row.props)
RETURN row.i AS i,
       CASE WHEN isNew THEN 'inserted' WHEN isChanged THEN 'updated' ELSE 'duplicate' END AS outcome,
       history
