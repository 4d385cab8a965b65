"""The accounts domain of the GraphQL schema."""
