// name: explore_account_threads
// mode: read
// params: $accountKey
// :param accountKey => "ACC-00006"
// column: staff: our staff member's name
// column: function: their function
// column: contact: the contact's name
// column: role: the contact's CRM role
// column: current: whether the contact still works at the account (WORKS_AT without until)
// column: strength: the thread's decayed strength (KNOWS.strength, materialized by the refresh; active when >= 1.0)
// column: interactions: interactions the two shared, all time (KNOWS.interactions)
// column: lastAt: their last shared interaction (KNOWS.lastAt)
// The relationship map of one account: every thread between our staff and its contacts (current and
// former), strongest first. The edges Neo4j Browser draws when you return the paths instead.
MATCH (a:Account {key: $accountKey})<-[w:WORKS_AT]-(c:Contact)<-[k:KNOWS]-(s:Staff)
RETURN s.name AS staff, s.function AS function, c.name AS contact, c.role AS role, w.until IS NULL AS current,
       k.strength AS strength, k.interactions AS interactions, k.lastAt AS lastAt
ORDER BY coalesce(strength, 0.0) DESC, staff, contact
