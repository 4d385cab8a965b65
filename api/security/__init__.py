"""The API's defences: operation limits (depth, aliases, tokens, cost, list sizes), the per-key cost budget,
the HTTP guards (body size, batching, timeout, 429) and the hardened schema that puts them together.

Every limit is a field of `graph.settings.ApiLimits` (`settings.limits`); docs/security.md lists them.
"""
