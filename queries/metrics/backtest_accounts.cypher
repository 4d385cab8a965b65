// name: backtest_accounts
// mode: read
// params: none
// column: key: an account's key
// column: churnedAt: when it churned (null while a customer)
// Every account with its churn date: the outcome a backtest checks the risk score against.
MATCH (a:Account)
RETURN a.key AS key, a.churnedAt AS churnedAt
ORDER BY key
