// name: api_accounts_page
// mode: read
// params: $allowed, $segments, $tiers, $stages, $riskLevels, $ownerKey, $singleThreaded, $search, $orderBy, $descending, $keyDescending, $startValue, $startKey, $stopValue, $stopKey, $limit
// :param allowed => null
// :param segments => null
// :param tiers => null
// :param stages => null
// :param riskLevels => ["HIGH", "CRITICAL"]
// :param ownerKey => null
// :param singleThreaded => null
// :param search => null
// :param orderBy => "riskScore"
// :param descending => true
// :param keyDescending => false
// :param startValue => null
// :param startKey => null
// :param stopValue => null
// :param stopKey => null
// :param limit => 20
// column: account: the account's properties, with the metrics the last refresh materialized
// column: sortValue: the value the page is ordered by (a cursor is this value and the key)
// One page of accounts, filtered and ordered, keyset-paginated on (sort value, key) so that a cursor
// stays valid while data arrives. $allowed (null = all) limits the accounts an API key may see.
// $orderBy is one of name (compared in lower case, so that "aardvark" and "Zenith" read as a reader
// expects; accents are compared as the characters they are), riskScore, valueAtRisk, relationshipValue,
// contributionMargin.
// The page is read in the order ($descending, $keyDescending) from the row after ($startValue, $startKey)
// and stops before ($stopValue, $stopKey), each null when absent: Relay's `after` and `before` narrow
// the list together (a backward page reads the other way, from `before` down to `after`).
MATCH (a:Account)
WHERE ($allowed IS NULL OR a.key IN $allowed)
  AND ($segments IS NULL OR a.segment IN $segments)
  AND ($tiers IS NULL OR a.tier IN $tiers)
  AND ($stages IS NULL OR a.lifecycleStage IN $stages)
  AND ($riskLevels IS NULL OR a.riskLevel IN $riskLevels)
  AND ($singleThreaded IS NULL OR coalesce(a.singleThreaded, false) = $singleThreaded)
  AND ($search IS NULL OR toLower(a.name) CONTAINS toLower($search) OR toLower(coalesce(a.domain, '')) CONTAINS toLower($search))
  AND ($ownerKey IS NULL OR EXISTS { (:Staff {key: $ownerKey})-[cv:COVERS]->(a) WHERE cv.role = 'owner' })
WITH a, CASE $orderBy
          WHEN 'name' THEN toLower(coalesce(a.name, ''))
          WHEN 'riskScore' THEN toFloat(coalesce(a.riskScore, 0.0))
          WHEN 'valueAtRisk' THEN toFloat(coalesce(a.valueAtRisk, 0.0))
          WHEN 'relationshipValue' THEN toFloat(coalesce(a.relationshipValue, 0.0))
          WHEN 'contributionMargin' THEN toFloat(coalesce(a.contributionMargin, 0.0))
        END AS sortValue
WHERE ($startKey IS NULL
       OR (CASE WHEN $descending THEN sortValue < $startValue ELSE sortValue > $startValue END)
       OR (sortValue = $startValue AND CASE WHEN $keyDescending THEN a.key < $startKey ELSE a.key > $startKey END))
  AND ($stopKey IS NULL
       OR (CASE WHEN $descending THEN sortValue > $stopValue ELSE sortValue < $stopValue END)
       OR (sortValue = $stopValue AND CASE WHEN $keyDescending THEN a.key > $stopKey ELSE a.key < $stopKey END))
RETURN a {.*} AS account, sortValue
ORDER BY CASE WHEN $descending THEN null ELSE sortValue END ASC,
         CASE WHEN $descending THEN sortValue END DESC,
         CASE WHEN $keyDescending THEN null ELSE a.key END ASC,
         CASE WHEN $keyDescending THEN a.key END DESC
LIMIT $limit
