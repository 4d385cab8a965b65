// name: champion_moves
// mode: read
// params: $accountKey, $allowed
// :param accountKey => null
// :param allowed => null
// column: contactKey: the contact who moved
// column: contactName: their name
// column: role: their role in the CRM (title and seniority follow, to infer it when unknown)
// column: title: their title
// column: seniority: their seniority
// column: fromAccountKey: the account they left
// column: fromAccountName: its name
// column: leftAt: when they left it (WORKS_AT.until)
// column: toAccountKey: the account they work at now
// column: toAccountName: its name
// column: since: since when (WORKS_AT.since)
// column: strength: the summed strength of our threads with them (KNOWS.strength)
// Contacts who left an account and now work at another: a risk at the account they left, a door at the
// one they joined. All of them, or only the moves out of or into $accountKey (null for all). $allowed
// (an API key's accounts; null for all) keeps the moves out of or into one of those accounts.
MATCH (c:Contact)-[left:WORKS_AT]->(from:Account)
WHERE left.until IS NOT NULL
MATCH (c)-[now:WORKS_AT]->(to:Account)
WHERE to <> from AND now.until IS NULL
  AND ($accountKey IS NULL OR from.key = $accountKey OR to.key = $accountKey)
  AND ($allowed IS NULL OR from.key IN $allowed OR to.key IN $allowed)
CALL (c) {
  OPTIONAL MATCH (:Staff)-[k:KNOWS]->(c)
  RETURN coalesce(sum(k.strength), 0.0) AS strength
}
RETURN c.key AS contactKey, c.name AS contactName, c.role AS role, c.title AS title, c.seniority AS seniority,
       from.key AS fromAccountKey, from.name AS fromAccountName, left.until AS leftAt,
       to.key AS toAccountKey, to.name AS toAccountName, now.since AS since, strength
ORDER BY strength DESC, contactKey, toAccountKey
