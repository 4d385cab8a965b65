// name: risk_events_record
// mode: write
// params: $events
// :param events => [{"id": "rev_0123", "accountKey": "A-0001", "oldLevel": "LOW", "newLevel": "HIGH", "oldScore": 20.0, "newScore": 55.0, "at": "2026-01-01T00:00:00Z"}]
// column: recorded: events written
// The log of risk level changes, written by each refresh in the transaction of its metrics: what every
// API process reads to feed its `riskChanged` subscribers, whoever refreshed (an API mutation, `relgraph
// import`, `relgraph refresh`). `recordedAt` is the database's clock, the feed's cursor, in
// whole milliseconds (UTC): the cursor travels back as epoch milliseconds and compares exactly.
UNWIND $events AS e
MATCH (a:Account {key: e.accountKey})
CREATE (ev:RiskEvent {id: e.id, accountKey: e.accountKey, oldLevel: e.oldLevel, newLevel: e.newLevel,
                      oldScore: e.oldScore, newScore: e.newScore, at: e.at,
                      recordedAt: datetime.truncate('millisecond', datetime())})
CREATE (a)-[:HAD_RISK_EVENT]->(ev)
RETURN count(ev) AS recorded
