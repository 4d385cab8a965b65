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
// $orderBy is one of name, riskScore, valueAtRisk, relationshipValue, contributionMargin. Names are
// compared folded: lower case, compatibility-decomposed (NFKD) and without combining marks, so that
// "aardvark" comes before "Zenith" and "École" and "Škoda" sort with the E's and S's; `$search` matches a
// name folded the same way ("ecole" finds "École"). The fold is computed only when the page asks for it
// (it costs ~2 µs per account); api_accounts_count folds alike.
// The page is read in the order ($descending, $keyDescending) from the row after ($startValue, $startKey)
// and stops before ($stopValue, $stopKey), each null when absent: Relay's `after` and `before` narrow
// the list together (a backward page reads the other way, from `before` down to `after`).
WITH CASE WHEN $search IS NULL THEN null ELSE reduce(s = '', c IN split(toLower(normalize($search, NFKD)), '') | s + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END) END AS needle
MATCH (a:Account)
WHERE ($allowed IS NULL OR a.key IN $allowed)
  AND ($segments IS NULL OR a.segment IN $segments)
  AND ($tiers IS NULL OR a.tier IN $tiers)
  AND ($stages IS NULL OR a.lifecycleStage IN $stages)
  AND ($riskLevels IS NULL OR a.riskLevel IN $riskLevels)
  AND ($singleThreaded IS NULL OR coalesce(a.singleThreaded, false) = $singleThreaded)
  AND ($ownerKey IS NULL OR EXISTS { (:Staff {key: $ownerKey})-[cv:COVERS]->(a) WHERE cv.role = 'owner' })
WITH a, needle,
     CASE WHEN needle IS NOT NULL OR $orderBy = 'name' THEN reduce(s = '', c IN split(toLower(normalize(coalesce(a.name, ''), NFKD)), '') | s + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END) END AS folded
WHERE needle IS NULL OR folded CONTAINS needle OR toLower(coalesce(a.domain, '')) CONTAINS toLower($search)
WITH a, CASE $orderBy
          WHEN 'name' THEN folded
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
