// name: ingest_interactions_update
// mode: write
// params: $rows
// :param rows => [{"i": 0, "accountKey": "a1", "at": [1767607200, 0], "contactKeys": ["c1"], "staffKeys": ["s1"], "props": {"source": "crm", "key": "i1", "channel": "meeting", "direction": "mutual", "sentiment": 0.5}}]
// column: updated: indexes (`i`) of the rows that changed the stored interaction
// column: unchanged: indexes of the rows that changed nothing (duplicates)
// column: formerAccounts: the accounts the updated interactions were with before (their metrics change too)
// Replayed interactions, found by (source, key): a replay never counts twice, and it is the whole truth
// about the interaction, as a contact or account record is about its node. One whose properties,
// account (accountKey) or participants (contactKeys, staffKeys, compared as sets) differ from the stored
// ones is `updated`: its properties are set (absent ones removed), it moves to the named account, its
// participants become the row's, and the KNOWS threads of every (staff, contact) pair it joins or
// leaves, or whose time it moves, are counted again from the interactions the pair still shares
// (interactions, firstAt, lastAt; a pair left with none loses its thread; the refresh sets strength).
// The rows are ingest_interactions_create's, and name distinct interactions (ingestion rejects a repeat
// of one in its input before any write). Every name they hold was found in the same transaction
// (ingest_interactions_lookup); a row whose account is gone meanwhile writes nothing and returns in
// neither list. `at` is occurredAt as [seconds since 1970-01-01T00:00Z, nanoseconds] (see
// ingest_interactions_create).
// The rows are all compared first and only the changed ones written, after that comparison has read the
// whole batch: a replay of a file is mostly duplicates, which then cost the reads alone (no Eager
// buffering of every row between the writes). The threads are counted once for the whole batch, after
// every row is written, so that two rows of the batch that touch the same pair both count.
UNWIND $rows AS row
WITH row, row.props AS given
WITH row, given {.*, occurredAt: datetime({epochSeconds: row.at[0], nanosecond: row.at[1]})} AS props
MATCH (i:Interaction {source: props.source, key: props.key})
WITH row, props, i,
     COLLECT { MATCH (i)-[:WITH_ACCOUNT]->(b) RETURN b.key } AS before,
     COLLECT { MATCH (p)-[:PARTICIPATED_IN]->(i) RETURN {staff: p:Staff, key: p.key} } AS people
WITH row, props, i, before,
     [p IN people WHERE NOT p.staff | p.key] AS contactsBefore,
     [p IN people WHERE p.staff | p.key] AS staffBefore
// The row's lists hold no repeats (the record drops them): same size and every key stored is set equality.
WITH row, props, i, before, contactsBefore, staffBefore,
     any(k IN keys(props) WHERE NOT coalesce(i[k] = props[k], i[k] IS NULL AND props[k] IS NULL)) AS propsChanged,
     NOT coalesce(i.occurredAt = props.occurredAt, false) AS atChanged,
     before <> [row.accountKey] AS moved,
     NOT (size(contactsBefore) = size(row.contactKeys) AND all(k IN row.contactKeys WHERE k IN contactsBefore))
       AS contactsChanged,
     NOT (size(staffBefore) = size(row.staffKeys) AND all(k IN row.staffKeys WHERE k IN staffBefore))
       AS staffChanged
WITH collect(CASE WHEN NOT (propsChanged OR moved OR contactsChanged OR staffChanged) THEN row.i END) AS unchanged,
     collect(CASE WHEN propsChanged OR moved OR contactsChanged OR staffChanged THEN {
       row: row, i: i, props: props, before: before, propsChanged: propsChanged, moved: moved,
       contactsChanged: contactsChanged, staffChanged: staffChanged,
       // the (staff, contact) pairs to count again: those it joined before and those it joins now
       pairs: CASE WHEN contactsChanged OR staffChanged OR atChanged
                   THEN [s IN staffBefore | [c IN contactsBefore | [s, c]]]
                        + [s IN row.staffKeys | [c IN row.contactKeys | [s, c]]]
                   ELSE [] END
     } END) AS changes
CALL (changes) {
  UNWIND changes AS change
  WITH change, change.row AS row, change.i AS i
  MATCH (a:Account {key: row.accountKey})
  CALL (i, change) {
    WITH i, change WHERE change.propsChanged
    SET i += change.props
  }
  CALL (i, a, change) {
    WITH i, a WHERE change.moved
    OPTIONAL MATCH (i)-[w:WITH_ACCOUNT]->(b) WHERE b <> a
    DELETE w
    WITH DISTINCT i, a
    MERGE (i)-[:WITH_ACCOUNT]->(a)
  }
  CALL (i, row, change) {
    WITH i, row WHERE change.contactsChanged
    OPTIONAL MATCH (c:Contact)-[p:PARTICIPATED_IN]->(i) WHERE NOT c.key IN row.contactKeys
    DELETE p
    WITH DISTINCT i, row
    UNWIND row.contactKeys AS ck
    MATCH (c:Contact {key: ck})
    MERGE (c)-[:PARTICIPATED_IN]->(i)
  }
  CALL (i, row, change) {
    WITH i, row WHERE change.staffChanged
    OPTIONAL MATCH (s:Staff)-[p:PARTICIPATED_IN]->(i) WHERE NOT s.key IN row.staffKeys
    DELETE p
    WITH DISTINCT i, row
    UNWIND row.staffKeys AS sk
    MATCH (s:Staff {key: sk})
    MERGE (s)-[:PARTICIPATED_IN]->(i)
  }
  RETURN collect(row.i) AS updated, collect(change.before) AS formerLists, collect(change.pairs) AS batchPairs
}
// Every changed row is written by now (the aggregation above waits for all of them): count each pair once.
CALL (batchPairs) {
  UNWIND batchPairs AS rowPairs
  UNWIND rowPairs AS staffPairs
  UNWIND staffPairs AS pair
  WITH DISTINCT pair
  MATCH (s:Staff {key: pair[0]})
  MATCH (c:Contact {key: pair[1]})
  OPTIONAL MATCH (s)-[:PARTICIPATED_IN]->(x:Interaction)<-[:PARTICIPATED_IN]-(c)
  WITH s, c, count(x) AS shared, min(x.occurredAt) AS firstAt, max(x.occurredAt) AS lastAt
  CALL (s, c, shared) {
    WITH s, c WHERE shared = 0
    MATCH (s)-[k:KNOWS]->(c)
    DELETE k
  }
  CALL (s, c, shared, firstAt, lastAt) {
    WITH s, c, shared, firstAt, lastAt WHERE shared > 0
    MERGE (s)-[k:KNOWS]->(c)
    SET k.interactions = shared, k.firstAt = firstAt, k.lastAt = lastAt
  }
}
RETURN updated, unchanged, reduce(keys = [], former IN formerLists | keys + former) AS formerAccounts
