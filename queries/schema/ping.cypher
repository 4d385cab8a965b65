// name: ping
// mode: read
// params: none
// Whether the database answers at all.
RETURN 1 AS ok
