// name: explore_contacts_single_staff
// mode: read
// params: $threshold, $limit
// :param threshold => 1.0
// :param limit => 50
// column: contact: the contact's name
// column: contactKey: their key
// column: role: their CRM role
// column: seniority: their seniority
// column: account: the account they work at now (null: none)
// column: staff: the one staff member of ours engaged with them
// column: staffKey: that staff member's key
// column: strength: that thread's strength (KNOWS.strength)
// Contacts engaged by only one of our people: contacts with exactly one active thread (KNOWS.strength >=
// $threshold, the metrics' θ) with our staff; if that person leaves, nobody of ours knows them. Most
// senior first. Seeks on the KNOWS.strength index.
MATCH (s:Staff)-[k:KNOWS]->(c:Contact)
WHERE k.strength >= $threshold
WITH c, collect({s: s, k: k}) AS threads
WHERE size(threads) = 1
WITH c, threads[0].s AS s, threads[0].k AS k
OPTIONAL MATCH (c)-[w:WORKS_AT]->(a:Account)
WHERE w.until IS NULL
WITH c, s, k, collect(a.name)[0] AS account
RETURN c.name AS contact, c.key AS contactKey, c.role AS role, c.seniority AS seniority, account,
       s.name AS staff, s.key AS staffKey, k.strength AS strength
ORDER BY CASE c.seniority WHEN 'c_level' THEN 0 WHEN 'vp' THEN 1 WHEN 'director' THEN 2 WHEN 'manager' THEN 3
           WHEN 'individual' THEN 4 ELSE 5 END, strength DESC, contactKey
LIMIT $limit
