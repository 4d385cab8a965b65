// name: explore_churned_engagement_decline
// mode: read
// params: $months
// :param months => 6
// column: account: the churned account's key
// column: name: its name
// column: churnedAt: when it churned
// column: monthly: interactions in each of the $months months before churn, oldest first
// column: monthlyInbound: of those, the inbound or mutual ones (the customer reaching us), oldest first
// column: monthlyContacts: distinct contacts taking part each month, oldest first
// column: lastInboundDaysBeforeChurn: days from their last inbound or mutual touch to the churn (null: none)
// column: decline: interactions in the last month before churn / the monthly average of the earlier months - 1 (null without earlier interactions)
// Churned accounts and how their engagement fell before: month by month over the $months months before
// each churn, how many interactions, how many from the customer, how many of their people. The leading
// signal a risk score should have caught. Scans the churnedAt index.
MATCH (a:Account)
WHERE a.churnedAt IS NOT NULL
UNWIND range($months, 1, -1) AS back
CALL (a, back) {
  OPTIONAL MATCH (a)<-[:WITH_ACCOUNT]-(i:Interaction)
  WHERE i.occurredAt >= a.churnedAt - duration({months: back})
    AND i.occurredAt < a.churnedAt - duration({months: back - 1})
  OPTIONAL MATCH (c:Contact)-[:PARTICIPATED_IN]->(i)
  RETURN count(DISTINCT i) AS n,
         count(DISTINCT CASE WHEN i.direction IN ['inbound', 'mutual'] THEN i END) AS nIn,
         count(DISTINCT c) AS nc
}
WITH a, collect(n) AS monthly, collect(nIn) AS monthlyInbound, collect(nc) AS monthlyContacts
CALL (a) {
  OPTIONAL MATCH (a)<-[:WITH_ACCOUNT]-(i:Interaction)<-[:PARTICIPATED_IN]-(:Contact)
  WHERE i.direction IN ['inbound', 'mutual'] AND i.occurredAt <= a.churnedAt
  RETURN max(i.occurredAt) AS lastIn
}
WITH a, monthly, monthlyInbound, monthlyContacts, lastIn,
     reduce(t = 0, x IN monthly[0..-1] | t + x) AS earlier
RETURN a.key AS account, a.name AS name, a.churnedAt AS churnedAt, monthly, monthlyInbound, monthlyContacts,
       CASE WHEN lastIn IS NULL THEN null ELSE duration.inDays(lastIn, a.churnedAt).days END
         AS lastInboundDaysBeforeChurn,
       CASE WHEN earlier > 0 THEN round(monthly[-1] / (toFloat(earlier) / ($months - 1)) - 1.0, 4) END AS decline
ORDER BY churnedAt DESC, account
