"""The ingest domain of the GraphQL schema."""
