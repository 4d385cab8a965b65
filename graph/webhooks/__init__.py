"""Webhooks: partners are told when an account's risk level crosses their threshold.

`config` (settings), `signing` (HMAC-SHA256 headers), `backoff` (the retry schedule), `events` (which risk
changes cross which thresholds, and their JSON payload), `store` (webhooks and deliveries in Neo4j) and
`delivery` (the worker that POSTs due deliveries). Import the submodules; this package imports nothing so
that `graph.settings` can read `graph.webhooks.config` without a cycle.
"""
