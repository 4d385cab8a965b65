"""Relationship metrics as pure functions over one account's small networkx graph.

One idea per module, written like networkx's algorithm modules:

- `weights`: the decayed weight of one interaction; `threads`: thread strength (with the one-way discount)
- `views`: which people and threads count, and "what if they leave" (`without`)
- `concentration`: shares of strength and the inverse Simpson index
- `connectivity`: k, the minimum node cut and the single points of failure
- `roles`: buying-committee roles, inferred from title and seniority when unknown
- `depth`: engaged people, active threads, effective contacts, role coverage, functions, depth score
- `value`: Relationship Value and momentum; `cost`: Cost to Engage, contribution margin, value at risk
- `lifecycle`: whether an account had churned by an instant (its value at risk is then 0)
- `risk`: the risk score as a sum of named factors; `account`: all of the above for one account
- `paths`: warm introduction paths; `champions`: champion moves
- `parameters`: every default, in one settings object

Import from the modules themselves (`from graph.metrics.connectivity import connectivity`): this package
stays empty so that reading the settings (which hold `MetricParameters`) does not import networkx.
"""
