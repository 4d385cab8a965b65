// name: demo_world_counts
// mode: read
// params: none
// column: accounts: Account nodes
// column: contacts: Contact nodes
// column: staff: Staff nodes
// column: interactions: Interaction nodes
// column: employments: WORKS_AT relationships (a contact who moved has two)
// column: departures: WORKS_AT relationships that ended (until set)
// column: coverage: COVERS relationships
// column: participations: PARTICIPATED_IN relationships
// column: churned: accounts whose lifecycle stage is churned
// column: totalCost: the sum of the interactions' own costs
// How big the loaded world is: what `relgraph demo` (or an import of its files) should have produced.
CALL () { MATCH (a:Account) RETURN count(a) AS accounts, sum(CASE a.lifecycleStage WHEN 'churned' THEN 1 ELSE 0 END) AS churned }
CALL () { MATCH (c:Contact) RETURN count(c) AS contacts }
CALL () { MATCH (s:Staff) RETURN count(s) AS staff }
CALL () { MATCH (i:Interaction) RETURN count(i) AS interactions, sum(coalesce(i.cost, 0.0)) AS totalCost }
CALL () { MATCH (:Contact)-[w:WORKS_AT]->(:Account) RETURN count(w) AS employments, count(w.until) AS departures }
CALL () { MATCH (:Staff)-[v:COVERS]->(:Account) RETURN count(v) AS coverage }
CALL () { MATCH ()-[p:PARTICIPATED_IN]->(:Interaction) RETURN count(p) AS participations }
RETURN accounts, contacts, staff, interactions, employments, departures, coverage, participations, churned, totalCost
