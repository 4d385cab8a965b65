// name: account_metrics_as_of
// mode: read
// params: $accountKeys
// :param accountKeys => ["A-0001"]
// column: key: the account's key
// column: metricsAsOf: the instant its materialized metrics were computed as of
// column: riskScore: its materialized risk score
// column: riskLevel: its materialized risk level
// How fresh each account's materialized metrics are.
UNWIND $accountKeys AS accountKey
MATCH (a:Account {key: accountKey})
RETURN a.key AS key, a.metricsAsOf AS metricsAsOf, a.riskScore AS riskScore, a.riskLevel AS riskLevel
