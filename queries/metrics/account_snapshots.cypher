// name: account_snapshots
// mode: read
// params: $accountKeys, $asOf, $halfLifeDays, $lookbackDays, $momentumDays, $channelWeights, $defaultChannelWeight, $reciprocity, $oneWayFraction, $costFrom, $channelCosts, $defaultChannelCost
// :param accountKeys => ["A-0001"]
// :param asOf => "2026-06-01T00:00:00Z"
// :param halfLifeDays => 45.0
// :param lookbackDays => 365.0
// :param momentumDays => 90.0
// :param channelWeights => {"meeting": 3.0, "call": 2.0, "email": 1.0}
// :param defaultChannelWeight => 0.5
// :param reciprocity => {"inbound": 1.5, "mutual": 1.25, "outbound": 1.0}
// :param oneWayFraction => 0.2
// :param costFrom => "2025-06-01T00:00:00Z"
// :param channelCosts => {"meeting": 150.0, "call": 60.0, "email": 8.0}
// :param defaultChannelCost => 10.0
// column: account: the account's properties (with the metrics materialized last time)
// column: contacts: everyone who ever worked there: key, name, title, role, seniority (those they held there, kept on WORKS_AT; the contact's present ones when the employment has none), department, since, until, reportsTo, elsewhere (their jobs at other accounts)
// column: coverage: the staff who cover the account, with their coverage role and their own properties
// column: staff: the staff on a thread with one of its contacts, with their properties
// column: threads: per (staff, contact): strength as of $asOf, strengthBefore ($momentumDays earlier), interactions and replies within the look-back, lastAt
// column: costToEngage: the summed cost of the account's interactions in [$costFrom, $asOf)
// column: lastInboundAt: the last inbound or mutual interaction a contact of the account took part in
// column: lastInboundFrom: the name of that contact
// Instants inside the lists and lastInboundAt are epoch milliseconds (cheap to read in bulk).
// One account's threads and people as of $asOf, for many accounts at once: the metrics' input.
// Neo4j does the heavy part: each interaction's decayed weight
// channelWeight x reciprocity x 2^(-ageDays / halfLifeDays) within the look-back, summed per thread,
// with a thread whose contact never answered kept at $oneWayFraction of its weight.
UNWIND $accountKeys AS accountKey
MATCH (a:Account {key: accountKey})
CALL (a) {
  OPTIONAL MATCH (c:Contact)-[w:WORKS_AT]->(a)
  OPTIONAL MATCH (c)-[:REPORTS_TO]->(m:Contact)
  OPTIONAL MATCH (c)-[w2:WORKS_AT]->(b:Account) WHERE b <> a
  WITH c, w, collect(DISTINCT m.key)[0] AS reportsTo,
       collect(DISTINCT CASE WHEN b IS NULL THEN null
                        ELSE {key: b.key, name: b.name, since: w2.since.epochMillis, until: w2.until.epochMillis} END) AS elsewhere
  RETURN collect(CASE WHEN c IS NULL THEN null ELSE {
    key: c.key, name: c.name,
    title: CASE WHEN w.role IS NULL THEN c.title ELSE w.title END,
    role: coalesce(w.role, c.role),
    seniority: CASE WHEN w.role IS NULL THEN c.seniority ELSE w.seniority END,
    department: c.department, since: w.since.epochMillis, until: w.until.epochMillis, reportsTo: reportsTo, elsewhere: elsewhere
  } END) AS contacts
}
CALL (a) {
  OPTIONAL MATCH (s:Staff)-[cv:COVERS]->(a)
  RETURN collect(CASE WHEN s IS NULL THEN null ELSE {
    key: s.key, name: s.name, function: s.function, title: s.title, costPerHour: s.costPerHour,
    active: s.active, role: cv.role, since: cv.since.epochMillis, until: cv.until.epochMillis
  } END) AS coverage
}
CALL (a) {
  MATCH (c:Contact)-[:WORKS_AT]->(a)
  WITH DISTINCT c
  MATCH (c)-[:PARTICIPATED_IN]->(i:Interaction)<-[:PARTICIPATED_IN]-(s:Staff)
  WITH c, s, i, ($asOf.epochMillis - i.occurredAt.epochMillis) / 86400000.0 AS age
  WHERE age >= 0 AND age < $lookbackDays + $momentumDays
  WITH c, s, age, i.occurredAt.epochMillis AS at, i.direction IN ['inbound', 'mutual'] AS reply,
       coalesce($channelWeights[i.channel], $defaultChannelWeight) * coalesce($reciprocity[i.direction], 1.0) AS w0
  WITH c, s,
       sum(CASE WHEN age < $lookbackDays THEN w0 * 2.0 ^ (-age / $halfLifeDays) ELSE 0.0 END) AS raw,
       sum(CASE WHEN age >= $momentumDays THEN w0 * 2.0 ^ (-(age - $momentumDays) / $halfLifeDays) ELSE 0.0 END)
         AS rawBefore,
       count(CASE WHEN age < $lookbackDays THEN 1 END) AS interactions,
       count(CASE WHEN age < $lookbackDays AND reply THEN 1 END) AS replies,
       count(CASE WHEN age >= $momentumDays AND reply THEN 1 END) AS repliesBefore,
       max(CASE WHEN age < $lookbackDays THEN at END) AS lastAt
  WITH collect({
    staffKey: s.key, contactKey: c.key,
    strength: CASE WHEN replies > 0 THEN raw ELSE raw * $oneWayFraction END,
    strengthBefore: CASE WHEN repliesBefore > 0 THEN rawBefore ELSE rawBefore * $oneWayFraction END,
    interactions: interactions, replies: replies, lastAt: lastAt
  }) AS threads, collect(DISTINCT s) AS people
  RETURN threads,
         [s IN people | {key: s.key, name: s.name, function: s.function, title: s.title,
                         costPerHour: s.costPerHour, active: s.active}] AS staff
}
CALL (a) {
  MATCH (a)<-[:WITH_ACCOUNT]-(i:Interaction)
  WHERE i.occurredAt >= $costFrom AND i.occurredAt < $asOf
  OPTIONAL MATCH (s:Staff)-[:PARTICIPATED_IN]->(i)
  WITH i, sum(coalesce(s.costPerHour, 0.0)) AS perHour
  RETURN sum(CASE
    WHEN i.cost IS NOT NULL THEN toFloat(i.cost)
    WHEN i.durationMinutes > 0 AND perHour > 0 THEN i.durationMinutes / 60.0 * perHour
    ELSE coalesce($channelCosts[i.channel], $defaultChannelCost) END) AS costToEngage
}
CALL (a) {
  OPTIONAL MATCH (a)<-[:WITH_ACCOUNT]-(i:Interaction)<-[:PARTICIPATED_IN]-(c:Contact)
  WHERE i.direction IN ['inbound', 'mutual'] AND i.occurredAt <= $asOf
  WITH i, c ORDER BY i.occurredAt DESC, c.key LIMIT 1
  RETURN i.occurredAt.epochMillis AS lastInboundAt, c.name AS lastInboundFrom
}
RETURN a {.*} AS account, contacts, coverage, staff, threads, costToEngage, lastInboundAt, lastInboundFrom
