// name: explore_cost_to_engage_vs_margin
// mode: read
// params: $tiers, $limit
// :param tiers => ["strategic", "key", "growth", "standard"]
// :param limit => 50
// column: account: the account's key
// column: name: its name
// column: tier: its tier
// column: grossProfit: annual revenue x gross margin rate (currency units a year)
// column: costToEngage: the summed cost of its interactions over the last 365 days (materialized; currency units)
// column: contributionMargin: grossProfit - costToEngage
// column: costShare: costToEngage / grossProfit (above 1: the account costs more to engage than it earns)
// column: riskLevel: the materialized risk level
// Cost to Engage against contribution margin: which accounts of $tiers take the most of their gross
// profit to engage, highest share first. Seeks on the tier index.
MATCH (a:Account)
WHERE a.tier IN $tiers AND a.costToEngage IS NOT NULL
WITH a, a.annualRevenue * a.grossMarginRate AS grossProfit
RETURN a.key AS account, a.name AS name, a.tier AS tier, round(grossProfit, 2) AS grossProfit,
       a.costToEngage AS costToEngage, a.contributionMargin AS contributionMargin,
       CASE WHEN grossProfit > 0 THEN round(a.costToEngage / grossProfit, 4) END AS costShare,
       a.riskLevel AS riskLevel
ORDER BY coalesce(costShare, 1.0e9) DESC, account
LIMIT $limit
