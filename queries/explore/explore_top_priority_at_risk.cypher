// name: explore_top_priority_at_risk
// mode: read
// params: $levels, $limit
// :param levels => ["MEDIUM", "HIGH", "CRITICAL"]
// :param limit => 20
// column: account: the account's key
// column: name: the account's name
// column: tier: its tier (strategic, key, growth, standard)
// column: contributionMargin: annual revenue x gross margin rate - Cost to Engage (currency units a year)
// column: riskScore: the materialized risk score (0-100)
// column: riskLevel: LOW, MEDIUM, HIGH or CRITICAL
// column: valueAtRisk: contribution margin x risk score / 100 (currency units)
// column: singleThreaded: whether connectivity k <= 1
// column: metricsAsOf: when the metrics were last refreshed
// Top-priority accounts at risk: our most profitable customers (highest contribution margin) whose
// risk level is one of $levels, most profitable first. Seeks on the riskLevel index. Accounts that have
// churned (lifecycleStage churned, churnedAt passed) are no longer customers and are left out.
MATCH (a:Account)
WHERE a.riskLevel IN $levels
  AND NOT coalesce(a.lifecycleStage = 'churned' AND (a.churnedAt IS NULL OR a.churnedAt <= datetime()), false)
RETURN a.key AS account, a.name AS name, a.tier AS tier, a.contributionMargin AS contributionMargin,
       a.riskScore AS riskScore, a.riskLevel AS riskLevel, a.valueAtRisk AS valueAtRisk,
       a.singleThreaded AS singleThreaded, a.metricsAsOf AS metricsAsOf
ORDER BY contributionMargin DESC, account
LIMIT $limit
