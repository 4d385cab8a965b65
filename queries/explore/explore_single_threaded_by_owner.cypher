// name: explore_single_threaded_by_owner
// mode: read
// params: $limit
// :param limit => 50
// column: owner: the owning staff member's name (null: the account has no current owner)
// column: ownerKey: their key
// column: accounts: how many single-threaded accounts they own
// column: accountNames: those accounts, most profitable first
// column: contributionMargin: the summed contribution margin of those accounts (currency units a year)
// column: valueAtRisk: their summed value at risk (currency units)
// Single-threaded accounts (connectivity k <= 1: one person leaving on either side ends the relationship),
// grouped by the staff member who owns the account (COVERS role owner, still current). Seeks on the
// singleThreaded index.
MATCH (a:Account)
WHERE a.singleThreaded = true
OPTIONAL MATCH (s:Staff)-[cv:COVERS {role: 'owner'}]->(a)
WHERE cv.until IS NULL
WITH s, a
ORDER BY a.contributionMargin DESC
RETURN s.name AS owner, s.key AS ownerKey, count(a) AS accounts, collect(a.name) AS accountNames,
       sum(a.contributionMargin) AS contributionMargin, sum(a.valueAtRisk) AS valueAtRisk
ORDER BY accounts DESC, contributionMargin DESC, ownerKey
LIMIT $limit
