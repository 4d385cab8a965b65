// name: explore_portfolio_risk_summary
// mode: read
// params: none
// column: riskLevel: LOW, MEDIUM, HIGH or CRITICAL
// column: tier: the account tier
// column: accounts: accounts of that tier at that level
// column: singleThreaded: how many of them are single-threaded (k <= 1)
// column: contributionMargin: their summed contribution margin (currency units a year)
// column: valueAtRisk: their summed value at risk (currency units)
// column: avgDepthScore: their average depth score (0-100)
// The portfolio at a glance: accounts, margin and value at risk by risk level and tier, most severe
// first. Scans the riskLevel index (accounts whose metrics were refreshed). Accounts that have churned
// (lifecycleStage churned, churnedAt passed) are left out, as in the API's portfolio: nothing left to lose.
MATCH (a:Account)
WHERE a.riskLevel IS NOT NULL
  AND NOT coalesce(a.lifecycleStage = 'churned' AND (a.churnedAt IS NULL OR a.churnedAt <= datetime()), false)
RETURN a.riskLevel AS riskLevel, a.tier AS tier, count(a) AS accounts,
       count(CASE WHEN a.singleThreaded THEN 1 END) AS singleThreaded,
       round(sum(a.contributionMargin), 2) AS contributionMargin, round(sum(a.valueAtRisk), 2) AS valueAtRisk,
       round(avg(a.depthScore), 1) AS avgDepthScore
ORDER BY CASE riskLevel WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END,
         CASE tier WHEN 'strategic' THEN 0 WHEN 'key' THEN 1 WHEN 'growth' THEN 2 ELSE 3 END
