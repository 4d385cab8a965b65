// name: backtest_accounts
// mode: read
// params: none
// column: key: an account's key
// column: churnedAt: when it churned (null while a customer)
// column: dataSince: the earliest start of an interaction, employment or coverage of it (null if none dated)
// column: undatedData: whether an employment or coverage of it has no start date (there at every instant)
// Every account with its churn date: the outcome a backtest checks the risk score against. Accounts
// have no creation date, so `dataSince` and `undatedData` tell from when the graph sees the account at
// all: as of an earlier date its metrics would score an empty graph, and the backtest leaves it out
// (as an as-of portfolio does: metrics_snapshots_as_of's `hasData`).
MATCH (a:Account)
CALL (a) {
  OPTIONAL MATCH (a)<-[:WITH_ACCOUNT]-(i:Interaction)
  RETURN min(i.occurredAt) AS firstInteraction
}
CALL (a) {
  OPTIONAL MATCH (:Contact)-[w:WORKS_AT]->(a)
  RETURN min(w.since) AS firstEmployment, count(w) > count(w.since) AS undatedEmployment
}
CALL (a) {
  OPTIONAL MATCH (:Staff)-[cv:COVERS]->(a)
  RETURN min(cv.since) AS firstCoverage, count(cv) > count(cv.since) AS undatedCoverage
}
WITH a, undatedEmployment OR undatedCoverage AS undatedData,
     [d IN [firstInteraction, firstEmployment, firstCoverage] WHERE d IS NOT NULL] AS starts
RETURN a.key AS key,
       a.churnedAt AS churnedAt,
       CASE WHEN starts = [] THEN null
            ELSE reduce(first = starts[0], d IN starts | CASE WHEN d < first THEN d ELSE first END)
       END AS dataSince,
       undatedData
ORDER BY key
