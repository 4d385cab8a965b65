// name: explore_warm_intro_paths
// mode: read
// params: $contactKey, $limit
// :param contactKey => "CON-00019-01"
// :param limit => 20
// column: staff: our staff member the path starts from
// column: staffKey: their key
// column: via: the contact who introduces (null: a direct thread to the target)
// column: link: how the introducer knows the target (direct thread, colleague at X, former colleague at X, reports to, manages)
// column: hops: people between us and the target, plus one
// column: strength: the weakest link's strength: our thread with the first contact (KNOWS.strength)
// column: path: the names along the path, from our side to the target
// Warm introduction paths to a contact: who of ours knows the target directly, or knows someone who
// works or worked with the target (same account, at the same time or not) or is in the target's
// reporting line; strongest and shortest first. Only active staff and threads with strength > 0.
// (graph.intelligence computes the full weighted path over more hops; this is the analyst's view.)
MATCH (t:Contact {key: $contactKey})
CALL (t) {
  MATCH (s:Staff)-[k:KNOWS]->(t)
  WHERE k.strength > 0 AND coalesce(s.active, true)
  RETURN s, null AS via, 'direct thread' AS link, 1 AS hops, k.strength AS strength
UNION
  MATCH (t)-[wt:WORKS_AT]->(x:Account)<-[wc:WORKS_AT]-(c:Contact)<-[k:KNOWS]-(s:Staff)
  WHERE c <> t AND k.strength > 0 AND coalesce(s.active, true)
  WITH s, c, k, x,
       CASE WHEN (wt.until IS NULL OR wc.since IS NULL OR wc.since <= wt.until)
             AND (wc.until IS NULL OR wt.since IS NULL OR wt.since <= wc.until)
            THEN 'colleague at ' ELSE 'former colleague at ' END + x.name AS link
  RETURN s, c AS via, link, 2 AS hops, k.strength AS strength
UNION
  MATCH (t)-[r:REPORTS_TO]-(c:Contact)<-[k:KNOWS]-(s:Staff)
  WHERE k.strength > 0 AND coalesce(s.active, true)
  RETURN s, c AS via, CASE WHEN startNode(r) = t THEN 'manages the target' ELSE 'reports to the target' END AS link,
         2 AS hops, k.strength AS strength
}
RETURN s.name AS staff, s.key AS staffKey, via.name AS via, link, hops, strength,
       [s.name] + CASE WHEN via IS NULL THEN [] ELSE [via.name] END + [t.name] AS path
ORDER BY hops, strength DESC, staffKey, via
LIMIT $limit
