// name: explore_accounts_going_dark
// mode: read
// params: $stages, $minDays, $asOf, $limit
// :param stages => ["onboarding", "active", "renewal", "expansion"]
// :param minDays => 30
// :param asOf => null
// :param limit => 50
// column: account: the account's key
// column: name: its name
// column: lastInboundAt: the last inbound or mutual interaction a contact of the account took part in (null: never)
// column: daysSilent: days from that touch to $asOf (null: they never reached out)
// column: lastOutboundAt: our last outbound interaction with the account
// column: outboundSince: our outbound interactions since their last inbound touch (chasing a silent customer)
// column: momentum: Relationship Value now / 90 days before (materialized; below 1 is cooling)
// column: riskLevel: the materialized risk level
// Accounts going dark: customers in one of $stages whose contacts have not reached out (inbound or
// mutual) for at least $minDays before $asOf (an ISO date-time string; null for now), silent longest
// first. Seeks on the lifecycleStage index.
WITH coalesce(datetime($asOf), datetime()) AS asOf
MATCH (a:Account)
WHERE a.lifecycleStage IN $stages
CALL (a, asOf) {
  OPTIONAL MATCH (a)<-[:WITH_ACCOUNT]-(i:Interaction)
  WHERE i.occurredAt <= asOf
  WITH i,
       i.direction IN ['inbound', 'mutual'] AND EXISTS { (i)<-[:PARTICIPATED_IN]-(:Contact) } AS fromThem
  RETURN max(CASE WHEN fromThem THEN i.occurredAt END) AS lastInboundAt,
         max(CASE WHEN i.direction = 'outbound' THEN i.occurredAt END) AS lastOutboundAt,
         collect(CASE WHEN i.direction = 'outbound' THEN i.occurredAt END) AS outbound
}
WITH a, asOf, lastInboundAt, lastOutboundAt, outbound,
     CASE WHEN lastInboundAt IS NULL THEN null
          ELSE duration.inDays(lastInboundAt, asOf).days END AS daysSilent
WHERE daysSilent IS NULL OR daysSilent >= $minDays
RETURN a.key AS account, a.name AS name, lastInboundAt, daysSilent, lastOutboundAt,
       size([t IN outbound WHERE lastInboundAt IS NULL OR t > lastInboundAt]) AS outboundSince,
       a.momentum AS momentum, a.riskLevel AS riskLevel
ORDER BY coalesce(daysSilent, 1000000) DESC, account
LIMIT $limit
