"""The `relgraph` command line: the same code as the API, for operators and analysts."""
