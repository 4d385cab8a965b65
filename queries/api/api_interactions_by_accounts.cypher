// name: api_interactions_by_accounts
// mode: read
// params: $keys, $allowed, $channels, $directions, $from, $to, $afterValue, $afterKey, $beforeValue, $beforeKey, $limit, $fromEnd
// :param keys => ["A-0001"]
// :param allowed => null
// :param channels => ["meeting", "call"]
// :param directions => null
// :param from => null
// :param to => null
// :param afterValue => null
// :param afterKey => null
// :param beforeValue => null
// :param beforeKey => null
// :param limit => 21
// :param fromEnd => false
// column: key: the account asked for
// column: total: how many interactions match the filters
// column: items: one win, latest first: interaction (properties), id (source:key), sortValue (occurredAt)
// The interactions of many accounts, filtered by channel, direction and time range [$from, $to),
// one row per account asked, with one page each.
UNWIND $keys AS key
CALL (key) {
  OPTIONAL MATCH (i:Interaction)-[:WITH_ACCOUNT]->(:Account {key: key})
  WHERE ($allowed IS NULL OR key IN $allowed)
    AND ($channels IS NULL OR i.channel IN $channels)
    AND ($directions IS NULL OR i.direction IN $directions)
    AND ($from IS NULL OR i.occurredAt >= $from)
    AND ($to IS NULL OR i.occurredAt < $to)
  WITH i ORDER BY i.occurredAt DESC, i.source + ':' + i.key
  WITH collect(CASE WHEN i IS NULL THEN null ELSE
         {interaction: i {.*}, id: i.source + ':' + i.key, sortValue: i.occurredAt} END) AS rows
  WITH rows, [x IN rows WHERE
      ($afterKey IS NULL OR x.sortValue < $afterValue OR (x.sortValue = $afterValue AND x.id > $afterKey))
      AND ($beforeKey IS NULL OR x.sortValue > $beforeValue OR (x.sortValue = $beforeValue AND x.id < $beforeKey))
    ] AS win
  RETURN size(rows) AS total,
         CASE WHEN $fromEnd THEN win[-$limit..] ELSE win[..$limit] END AS items
}
RETURN key, total, items
