// name: admin_count_nodes
// mode: read
// params: none
// How many domain nodes the database holds (the schema record aside); `make run` loads demo data when 0.
MATCH (n)
WHERE n:Account OR n:Contact OR n:Staff OR n:Interaction
RETURN count(n) AS nodes
