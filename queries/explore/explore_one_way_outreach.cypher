// name: explore_one_way_outreach
// mode: read
// params: $days, $minTouches, $asOf, $limit
// :param days => 180
// :param minTouches => 2
// :param asOf => null
// :param limit => 50
// column: staff: our staff member's name
// column: staffKey: their key
// column: contact: the contact's name
// column: contactKey: their key
// column: account: the account the interactions were filed under
// column: outbound: our outbound touches to the contact in the window
// column: lastAt: the last of them
// One-way outreach: threads (one of ours, one contact) that in the $days before $asOf (ISO date-time
// string; null for now) had at least $minTouches interactions and every one of them outbound: the
// contact never answered, so the thread counts only a fraction of its weight. Seeks on the
// Interaction.occurredAt index.
WITH coalesce(datetime($asOf), datetime()) AS asOf
MATCH (i:Interaction)
WHERE i.occurredAt > asOf - duration({days: $days}) AND i.occurredAt <= asOf
MATCH (s:Staff)-[:PARTICIPATED_IN]->(i)<-[:PARTICIPATED_IN]-(c:Contact)
MATCH (i)-[:WITH_ACCOUNT]->(a:Account)
WITH s, c, a, count(i) AS touches, count(CASE WHEN i.direction = 'outbound' THEN 1 END) AS outbound,
     max(i.occurredAt) AS lastAt
WHERE touches = outbound AND outbound >= $minTouches
RETURN s.name AS staff, s.key AS staffKey, c.name AS contact, c.key AS contactKey, a.name AS account,
       outbound, lastAt
ORDER BY outbound DESC, lastAt DESC, staffKey, contactKey
LIMIT $limit
