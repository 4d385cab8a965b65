// name: explore_interaction_mix
// mode: read
// params: $days, $asOf, $accountKey
// :param days => 90
// :param asOf => null
// :param accountKey => null
// column: channel: the interaction channel (email, meeting, call, ...)
// column: function: the function of our staff who took part (sales, success, service, ...)
// column: interactions: interactions of that channel with someone of that function taking part
// column: inbound: how many of them the customer started (inbound) or shared (mutual)
// column: hours: their summed duration in hours (where recorded)
// column: accounts: distinct accounts they were filed under
// Interaction mix by channel and function: how each of our silos reaches customers, over the $days
// before $asOf (ISO date-time string; null for now), for one account ($accountKey) or all (null).
// Seeks on the Interaction.occurredAt index.
WITH coalesce(datetime($asOf), datetime()) AS asOf
MATCH (i:Interaction)
WHERE i.occurredAt > asOf - duration({days: $days}) AND i.occurredAt <= asOf
MATCH (i)-[:WITH_ACCOUNT]->(a:Account)
WHERE $accountKey IS NULL OR a.key = $accountKey
MATCH (s:Staff)-[:PARTICIPATED_IN]->(i)
WITH i.channel AS channel, s.function AS function, i, a
WITH channel, function, collect(DISTINCT i) AS touches, count(DISTINCT a) AS accounts
RETURN channel, function, size(touches) AS interactions,
       size([x IN touches WHERE x.direction IN ['inbound', 'mutual']]) AS inbound,
       round(reduce(m = 0.0, x IN touches | m + coalesce(x.durationMinutes, 0)) / 60.0, 1) AS hours,
       accounts
ORDER BY interactions DESC, channel, function
