// name: explore_champions_who_left
// mode: read
// params: $days, $asOf, $limit
// :param days => 365
// :param asOf => null
// :param limit => 50
// column: contact: the contact's name
// column: contactKey: their key
// column: role: the role they held at the account they left (champion, economic_buyer, ...; unknown when not recorded); their present role when that employment has none (stored before relgraph kept WORKS_AT.role)
// column: title: their title there (same fallback)
// column: seniority: their seniority there (same fallback)
// column: leftAccount: the account they left
// column: leftAt: when they left (WORKS_AT.until)
// column: nowAt: the account they work at now (null: not a customer or prospect of ours)
// column: nowSince: since when they work there
// column: strength: our summed thread strength with them (KNOWS.strength): how warm the door is
// column: knownBy: our staff who know them, strongest first
// Champions (and any other contact) who left an account in the $days before $asOf (an ISO date-time
// string; null for now), and where they went: a risk at the account they left, a door at the one they
// joined. Seeks on the WORKS_AT.until index. The role, title and seniority are the ones kept on the
// employment they left: the Contact node says what they are now, at the new account.
WITH coalesce(datetime($asOf), datetime()) AS asOf
MATCH (c:Contact)-[left:WORKS_AT]->(from:Account)
WHERE left.until >= asOf - duration({days: $days}) AND left.until <= asOf
OPTIONAL MATCH (c)-[now:WORKS_AT]->(to:Account)
WHERE to <> from AND (now.until IS NULL OR now.until > asOf)
CALL (c) {
  OPTIONAL MATCH (s:Staff)-[k:KNOWS]->(c)
  WITH s, k ORDER BY k.strength DESC
  RETURN coalesce(sum(k.strength), 0.0) AS strength, collect(s.name) AS knownBy
}
WITH c, left, from, now, to, strength, knownBy, left.role IS NULL AS unkept
RETURN c.name AS contact, c.key AS contactKey,
       CASE WHEN unkept THEN c.role ELSE left.role END AS role,
       CASE WHEN unkept THEN c.title ELSE left.title END AS title,
       CASE WHEN unkept THEN c.seniority ELSE left.seniority END AS seniority,
       from.name AS leftAccount, left.until AS leftAt, to.name AS nowAt, now.since AS nowSince,
       strength, knownBy
ORDER BY leftAt DESC, contactKey
LIMIT $limit
