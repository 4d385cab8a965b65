// name: demo_account_metrics
// mode: read
// params: $accountKeys
// :param accountKeys => ["ACC-00000", "ACC-00001"]
// column: key: the account's key
// column: connectivity: materialized connectivity k
// column: singleThreaded: materialized k <= 1
// column: riskScore: materialized risk score (0-100)
// column: riskLevel: LOW, MEDIUM, HIGH or CRITICAL
// The materialized metrics of some accounts (null before a refresh), to check the demo stories are seen.
MATCH (a:Account) WHERE a.key IN $accountKeys
RETURN a.key AS key, a.connectivity AS connectivity, a.singleThreaded AS singleThreaded,
       a.riskScore AS riskScore, a.riskLevel AS riskLevel
ORDER BY key
