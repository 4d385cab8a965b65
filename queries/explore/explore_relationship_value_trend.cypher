// name: explore_relationship_value_trend
// mode: read
// params: $accountKey, $months, $asOf, $halfLifeDays, $channelWeights, $reciprocity
// :param accountKey => "ACC-00006"
// :param months => 12
// :param asOf => null
// :param halfLifeDays => 45.0
// :param channelWeights => {"meeting": 3.0, "call": 2.0, "event": 2.0, "contract": 1.5, "email": 1.0, "support_ticket": 1.0, "chat": 0.8, "webinar": 0.6, "social": 0.3, "invoice": 0.2, "payment": 0.2}
// :param reciprocity => {"inbound": 1.5, "mutual": 1.25, "outbound": 1.0}
// column: month: the first day of the month
// column: interactions: the account's interactions with a contact of theirs in that month
// column: inbound: how many of them were inbound or mutual (the customer reaching us)
// column: contacts: distinct contacts who took part that month
// column: staff: distinct staff of ours who took part that month
// column: engagement: the summed weight channelWeight x reciprocity of that month's interactions (undecayed)
// column: value: the decayed weight as of the month's end: sum of channelWeight x reciprocity x 2^(-ageDays/halfLifeDays) over the 365 days before
// Relationship Value trend by month for one account, computed from its interactions: for each of the
// last $months months before $asOf (ISO date-time string; null for now) the month's engagement and the
// decayed value at its end. This is the interaction part of Relationship Value (without role and
// seniority weights and breadth, which need the people as they were): use it for its shape; the
// materialized Account.relationshipValue and momentum are the exact current figures. Unweighted channels
// count 0.5, as the metrics' default does.
WITH coalesce(datetime($asOf), datetime()) AS asOf
MATCH (a:Account {key: $accountKey})
UNWIND range($months - 1, 0, -1) AS back
WITH a, asOf, back, date.truncate('month', asOf) - duration({months: back}) AS month
WITH a, month, datetime({date: month}) AS monthStart,
     CASE WHEN back = 0 THEN asOf ELSE datetime({date: month + duration({months: 1})}) END AS monthEnd
CALL (a, monthStart, monthEnd) {
  OPTIONAL MATCH (a)<-[:WITH_ACCOUNT]-(i:Interaction)<-[:PARTICIPATED_IN]-(c:Contact)
  WHERE i.occurredAt >= monthStart AND i.occurredAt < monthEnd
  OPTIONAL MATCH (s:Staff)-[:PARTICIPATED_IN]->(i)
  RETURN count(DISTINCT i) AS interactions,
         count(DISTINCT CASE WHEN i.direction IN ['inbound', 'mutual'] THEN i END) AS inbound,
         count(DISTINCT c) AS contacts, count(DISTINCT s) AS staff
}
CALL (a, monthStart, monthEnd) {
  OPTIONAL MATCH (a)<-[:WITH_ACCOUNT]-(i:Interaction)
  WHERE i.occurredAt < monthEnd AND i.occurredAt >= monthEnd - duration({days: 365})
    AND EXISTS { (i)<-[:PARTICIPATED_IN]-(:Contact) }
  WITH i, coalesce($channelWeights[i.channel], 0.5) * coalesce($reciprocity[i.direction], 1.0) AS w,
       (monthEnd.epochMillis - i.occurredAt.epochMillis) / 86400000.0 AS age
  RETURN sum(CASE WHEN i.occurredAt >= monthStart THEN w ELSE 0.0 END) AS engagement,
         coalesce(sum(w * 2.0 ^ (-age / $halfLifeDays)), 0.0) AS value
}
RETURN month, interactions, inbound, contacts, staff, round(engagement, 3) AS engagement, round(value, 3) AS value
ORDER BY month
