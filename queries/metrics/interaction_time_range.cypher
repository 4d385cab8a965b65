// name: interaction_time_range
// mode: read
// params: none
// column: first: the earliest interaction
// column: last: the latest interaction
// The span of time the graph's interactions cover (a backtest's default range lies within it).
MATCH (i:Interaction)
RETURN min(i.occurredAt) AS first, max(i.occurredAt) AS last
