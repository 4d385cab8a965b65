"""relgraph's GraphQL API: a FastAPI app serving a Strawberry schema over the graph domain."""
