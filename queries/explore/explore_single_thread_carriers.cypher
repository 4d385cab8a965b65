// name: explore_single_thread_carriers
// mode: read
// params: $limit
// :param limit => 20
// column: staff: the staff member's name
// column: staffKey: their key
// column: function: their function (sales, marketing, service, success, product, finance, executive)
// column: accounts: how many accounts would lose every thread if they left (they are a single point of failure)
// column: accountNames: those accounts, most profitable first
// column: contributionMargin: the summed contribution margin of those accounts (currency units a year)
// column: valueAtRisk: their summed value at risk (currency units)
// The people we cannot afford to lose: our staff who are a single point of failure
// (Account.singlePointsOfFailure) on the most single-threaded accounts. Seeks on the singleThreaded index.
MATCH (a:Account)
WHERE a.singleThreaded = true
UNWIND a.singlePointsOfFailure AS personKey
MATCH (s:Staff {key: personKey})
WITH s, a
ORDER BY a.contributionMargin DESC
RETURN s.name AS staff, s.key AS staffKey, s.function AS function, count(a) AS accounts,
       collect(a.name) AS accountNames, sum(a.contributionMargin) AS contributionMargin,
       sum(a.valueAtRisk) AS valueAtRisk
ORDER BY accounts DESC, contributionMargin DESC, staffKey
LIMIT $limit
