"""The partner surface: the small, stable `accountRisk` contract and webhooks (register, list, delete,
delivery log), as their own Query and Mutation classes that the root schema merges."""
