// name: champion_moves
// mode: read
// params: $accountKey, $allowed
// :param accountKey => null
// :param allowed => null
// column: contactKey: the contact who moved
// column: contactName: their name
// column: role: the role they held at the account they left (WORKS_AT.role; the contact's present role when that employment has none, as stored before relgraph kept it); title and seniority follow, to infer it when unknown
// column: title: their title there (same fallback)
// column: seniority: their seniority there (same fallback)
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
// What they were is read from the employment they left, not from the Contact node: the node holds what
// they are now, at the new account ("your champion at Acme left" must still be said).
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
WITH c, left, from, now, to, strength, left.role IS NULL AS unkept
RETURN c.key AS contactKey, c.name AS contactName,
       CASE WHEN unkept THEN c.role ELSE left.role END AS role,
       CASE WHEN unkept THEN c.title ELSE left.title END AS title,
       CASE WHEN unkept THEN c.seniority ELSE left.seniority END AS seniority,
       from.key AS fromAccountKey, from.name AS fromAccountName, left.until AS leftAt,
       to.key AS toAccountKey, to.name AS toAccountName, now.since AS since, strength
ORDER BY strength DESC, contactKey, toAccountKey
