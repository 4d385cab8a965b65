// name: explore_missing_roles_by_segment
// mode: read
// params: none
// column: segment: the account segment (enterprise, mid_market, smb, public_sector)
// column: role: a buying-committee role (economic_buyer, decision_maker, champion, influencer, technical_evaluator, procurement)
// column: accountsMissing: how many customer accounts of the segment have no engaged contact in that role
// column: accounts: how many customer accounts the segment has (with metrics)
// column: shareMissing: accountsMissing / accounts (0-1)
// column: marginExposed: the summed contribution margin of the accounts missing the role (currency units a year)
// Buying-committee roles missing per segment: for every segment, which seats of the committee our
// engaged contacts leave empty (Account.missingRoles, materialized; roles inferred from title and
// seniority where the CRM says unknown), over accounts that have not churned. Scans the segment index.
MATCH (a:Account)
WHERE a.segment IS NOT NULL AND a.lifecycleStage <> 'churned' AND a.missingRoles IS NOT NULL
WITH a.segment AS segment, collect(a) AS accounts
UNWIND accounts AS a
UNWIND a.missingRoles AS role
WITH segment, size(accounts) AS total, role, count(a) AS accountsMissing, sum(a.contributionMargin) AS marginExposed
RETURN segment, role, accountsMissing, total AS accounts,
       round(toFloat(accountsMissing) / total, 3) AS shareMissing, marginExposed
ORDER BY segment, accountsMissing DESC, role
