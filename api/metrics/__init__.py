"""The metrics domain of the GraphQL schema."""
