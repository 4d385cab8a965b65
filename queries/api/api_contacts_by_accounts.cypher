// name: api_contacts_by_accounts
// mode: read
// params: $keys, $allowed, $status, $afterValue, $afterKey, $beforeValue, $beforeKey, $limit, $fromEnd
// :param keys => ["A-0001"]
// :param allowed => null
// :param status => "all"
// :param afterValue => null
// :param afterKey => null
// :param beforeValue => null
// :param beforeKey => null
// :param limit => 21
// :param fromEnd => false
// column: key: the account asked for
// column: total: its contacts matching $status (current, former or all)
// column: items: one win of them ordered by (name, key): contact, since, until, current, sortValue
// The contacts of many accounts (current and former), one row per account asked, with one page each.
UNWIND $keys AS key
CALL (key) {
  OPTIONAL MATCH (c:Contact)-[w:WORKS_AT]->(:Account {key: key})
  WHERE ($allowed IS NULL OR key IN $allowed)
    AND ($status = 'all' OR ($status = 'current') = (w.until IS NULL OR w.until > datetime()))
  WITH c, w ORDER BY coalesce(c.name, ''), c.key
  WITH collect(CASE WHEN c IS NULL THEN null ELSE {
         contact: c {.*}, since: w.since, until: w.until,
         current: w.until IS NULL OR w.until > datetime(), sortValue: coalesce(c.name, '')} END) AS rows
  WITH rows, [x IN rows WHERE
      ($afterKey IS NULL OR x.sortValue > $afterValue OR (x.sortValue = $afterValue AND x.contact.key > $afterKey))
      AND ($beforeKey IS NULL OR x.sortValue < $beforeValue OR (x.sortValue = $beforeValue AND x.contact.key < $beforeKey))
    ] AS win
  RETURN size(rows) AS total,
         CASE WHEN $fromEnd THEN win[-$limit..] ELSE win[..$limit] END AS items
}
RETURN key, total, items
