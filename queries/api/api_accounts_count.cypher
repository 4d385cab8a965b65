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
// How many accounts match the filters of `api_accounts_page` (the connection's totalCount), `$search`
// matching the name folded as there (lower case, NFKD, no combining marks).
WITH CASE WHEN $search IS NULL THEN null ELSE reduce(s = '', c IN split(toLower(normalize($search, NFKD)), '') | s + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END) END AS needle
MATCH (a:Account)
WHERE ($allowed IS NULL OR a.key IN $allowed)
  AND ($segments IS NULL OR a.segment IN $segments)
  AND ($tiers IS NULL OR a.tier IN $tiers)
  AND ($stages IS NULL OR a.lifecycleStage IN $stages)
  AND ($riskLevels IS NULL OR a.riskLevel IN $riskLevels)
  AND ($singleThreaded IS NULL OR coalesce(a.singleThreaded, false) = $singleThreaded)
  AND (needle IS NULL OR reduce(s = '', c IN split(toLower(normalize(coalesce(a.name, ''), NFKD)), '') | s + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END) CONTAINS needle
       OR toLower(coalesce(a.domain, '')) CONTAINS toLower($search))
  AND ($ownerKey IS NULL OR EXISTS { (:Staff {key: $ownerKey})-[cv:COVERS]->(a) WHERE cv.role = 'owner' })
RETURN count(a) AS total
