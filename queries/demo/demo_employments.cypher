// name: demo_employments
// mode: read
// params: $contactKey
// :param contactKey => "CON-00002-04"
// column: accountKey: the account the contact works or worked at
// column: since: when the employment began
// column: until: when it ended (null while current)
// column: role: the role they held there (champion at the account a champion left)
// Where one contact has worked, oldest first: a champion who moved shows two employments.
MATCH (c:Contact {key: $contactKey})-[w:WORKS_AT]->(a:Account)
RETURN a.key AS accountKey, w.since AS since, w.until AS until, w.role AS role
ORDER BY coalesce(w.since, datetime('0001-01-01T00:00:00Z'))
