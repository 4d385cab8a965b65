// name: api_accounts_count
// mode: read
// params: $allowed, $segments, $tiers, $stages, $riskLevels, $ownerKey, $singleThreaded, $search
// :param allowed => null
// :param segments => ["enterprise"]
// :param tiers => null
// :param stages => null
// :param riskLevels => null
// :param ownerKey => null
// :param singleThreaded => null
// :param search => null
// column: total: how many accounts match the filters
// How many accounts match the filters of `api_accounts_page` (the connection's totalCount).
MATCH (a:Account)
WHERE ($allowed IS NULL OR a.key IN $allowed)
  AND ($segments IS NULL OR a.segment IN $segments)
  AND ($tiers IS NULL OR a.tier IN $tiers)
  AND ($stages IS NULL OR a.lifecycleStage IN $stages)
  AND ($riskLevels IS NULL OR a.riskLevel IN $riskLevels)
  AND ($singleThreaded IS NULL OR coalesce(a.singleThreaded, false) = $singleThreaded)
  AND ($search IS NULL OR toLower(a.name) CONTAINS toLower($search) OR toLower(coalesce(a.domain, '')) CONTAINS toLower($search))
  AND ($ownerKey IS NULL OR EXISTS { (:Staff {key: $ownerKey})-[cv:COVERS]->(a) WHERE cv.role = 'owner' })
RETURN count(a) AS total
