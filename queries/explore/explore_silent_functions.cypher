// name: explore_silent_functions
// mode: read
// params: $functions, $tiers, $days, $asOf, $limit
// :param functions => ["sales", "marketing", "service", "success", "product", "finance", "executive"]
// :param tiers => ["strategic", "key"]
// :param days => 365
// :param asOf => null
// :param limit => 50
// column: account: the account's key
// column: name: its name
// column: tier: its tier
// column: functionsTouching: our functions (silos) that took part in an interaction with the account in the window
// column: functionsNever: the functions of $functions that never did
// column: interactions: the account's interactions in the window
// Internal silos that never touch an account: for the accounts of $tiers, which of our functions took
// no part in any of its interactions in the $days before $asOf (ISO date-time string; null for now),
// the accounts with the most silent functions first. Seeks on the tier index.
WITH coalesce(datetime($asOf), datetime()) AS asOf
MATCH (a:Account)
WHERE a.tier IN $tiers AND a.lifecycleStage <> 'churned'
CALL (a, asOf) {
  OPTIONAL MATCH (a)<-[:WITH_ACCOUNT]-(i:Interaction)
  WHERE i.occurredAt > asOf - duration({days: $days}) AND i.occurredAt <= asOf
  OPTIONAL MATCH (s:Staff)-[:PARTICIPATED_IN]->(i)
  RETURN count(DISTINCT i) AS interactions, collect(DISTINCT s.function) AS touching
}
WITH a, interactions, touching, [f IN $functions WHERE NOT f IN touching] AS never
RETURN a.key AS account, a.name AS name, a.tier AS tier, touching AS functionsTouching,
       never AS functionsNever, interactions
ORDER BY size(never) DESC, a.contributionMargin DESC, account
LIMIT $limit
