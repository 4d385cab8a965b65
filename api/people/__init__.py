"""The people domain of the GraphQL schema."""
