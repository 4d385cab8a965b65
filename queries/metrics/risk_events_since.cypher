// name: risk_events_since
// mode: read
// params: $sinceMs, $afterId, $limit
// :param sinceMs => 1767225600000
// :param afterId => ""
// :param limit => 500
// column: event: a risk level change (id, accountKey, oldLevel, newLevel, oldScore, newScore, at, recordedAt)
// Risk level changes recorded after ($since, $afterId), oldest first: a keyset page on (recordedAt, id)
// (a range seek on the recordedAt index). The id breaks ties: the events of one transaction share their
// recordedAt, the transaction's clock, and a page may end among them. The cursor's instant comes as epoch
// milliseconds and is rebuilt here in UTC: datetimes of different zones at one instant are not equal in
// Cypher, and a driver's datetime parameter carries an offset where datetime() has the zone Z.
WITH datetime({epochMillis: $sinceMs}) AS since
MATCH (e:RiskEvent)
WHERE e.recordedAt >= since AND (e.recordedAt > since OR e.id > $afterId)
RETURN e {.id, .accountKey, .oldLevel, .newLevel, .oldScore, .newScore, .at, .recordedAt} AS event
ORDER BY e.recordedAt, e.id
LIMIT $limit
