// name: intro_neighbourhood
// mode: read
// params: $contactKey, $limit
// :param contactKey => "C-000001"
// :param limit => 2000
// column: key: a person near the target (the target first)
// column: name: their name
// column: jobs: every spell at an account: account, since, until
// column: managers: the keys of the contacts they report to
// column: knownBy: our (active) staff with a thread to them: key, name, strength (KNOWS.strength)
// The people around one contact that a warm introduction can pass through: everyone who ever worked
// at one of the target's accounts, and everyone who ever worked at one of their accounts (former
// colleagues elsewhere), with their jobs, reporting lines and who of ours knows them, how well.
MATCH (t:Contact {key: $contactKey})
OPTIONAL MATCH (t)-[:WORKS_AT]->(:Account)<-[:WORKS_AT]-(c1:Contact)
WITH t, [t] + collect(DISTINCT c1) AS ring1
UNWIND ring1 AS c1
OPTIONAL MATCH (c1)-[:WORKS_AT]->(:Account)<-[:WORKS_AT]-(c2:Contact)
WITH ring1, collect(DISTINCT c2) AS ring2
UNWIND ring1 + ring2 AS p
WITH DISTINCT p
LIMIT $limit
CALL (p) {
  MATCH (p)-[w:WORKS_AT]->(a:Account)
  RETURN collect({account: a.key, since: w.since, until: w.until}) AS jobs
}
CALL (p) {
  OPTIONAL MATCH (p)-[:REPORTS_TO]->(m:Contact)
  RETURN collect(m.key) AS managers
}
CALL (p) {
  OPTIONAL MATCH (s:Staff)-[k:KNOWS]->(p)
  WHERE k.strength > 0 AND coalesce(s.active, true)
  RETURN collect(CASE WHEN s IS NULL THEN null ELSE {key: s.key, name: s.name, strength: k.strength} END)
    AS knownBy
}
RETURN p.key AS key, p.name AS name, jobs, managers, knownBy
