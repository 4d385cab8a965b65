"""The portfolio domain of the GraphQL schema."""
