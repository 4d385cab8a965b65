"""relgraph's domain: records, the Neo4j store, ingestion, the metrics and their refresh.

Nothing here knows of HTTP or GraphQL.
"""
