"""The interactions domain of the GraphQL schema."""
