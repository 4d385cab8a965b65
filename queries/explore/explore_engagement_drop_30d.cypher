// name: explore_engagement_drop_30d
// mode: read
// params: $stages, $days, $asOf, $halfLifeDays, $channelWeights, $reciprocity, $limit
// :param stages => ["onboarding", "active", "renewal", "expansion"]
// :param days => 30
// :param asOf => null
// :param halfLifeDays => 45.0
// :param channelWeights => {"meeting": 3.0, "call": 2.0, "event": 2.0, "contract": 1.5, "email": 1.0, "support_ticket": 1.0, "chat": 0.8, "webinar": 0.6, "social": 0.3, "invoice": 0.2, "payment": 0.2}
// :param reciprocity => {"inbound": 1.5, "mutual": 1.25, "outbound": 1.0}
// :param limit => 25
// column: account: the account's key
// column: name: its name
// column: engagementNow: decayed interaction weight as of $asOf (365-day look-back)
// column: engagementBefore: the same as of $days earlier
// column: change: engagementNow / engagementBefore - 1 (-0.4: 40% weaker; null when there was none before)
// column: riskScore: the materialized risk score now (0-100)
// column: riskLevel: the materialized risk level now
// Accounts whose engagement, the driver of risk, fell most in the last $days (`risk_rose_30d` reads the
// risk itself from the risk history; this one needs no history), computed from the interactions: the decayed weight channelWeight x reciprocity x 2^(-ageDays/halfLifeDays) as of
// $asOf (ISO date-time string; null for now) against $days before, biggest fall first, with today's
// materialized risk beside it. Seeks on the lifecycleStage index.
WITH coalesce(datetime($asOf), datetime()) AS asOf
WITH asOf, asOf - duration({days: $days}) AS before
MATCH (a:Account)
WHERE a.lifecycleStage IN $stages
CALL (a, asOf, before) {
  OPTIONAL MATCH (a)<-[:WITH_ACCOUNT]-(i:Interaction)
  WHERE i.occurredAt <= asOf AND i.occurredAt > before - duration({days: 365})
  WITH i, coalesce($channelWeights[i.channel], 0.5) * coalesce($reciprocity[i.direction], 1.0) AS w
  RETURN coalesce(sum(CASE WHEN i.occurredAt > asOf - duration({days: 365})
           THEN w * 2.0 ^ (-((asOf.epochMillis - i.occurredAt.epochMillis) / 86400000.0) / $halfLifeDays) END), 0.0)
           AS now,
         coalesce(sum(CASE WHEN i.occurredAt <= before
           THEN w * 2.0 ^ (-((before.epochMillis - i.occurredAt.epochMillis) / 86400000.0) / $halfLifeDays) END), 0.0)
           AS then
}
RETURN a.key AS account, a.name AS name, round(now, 3) AS engagementNow, round(then, 3) AS engagementBefore,
       CASE WHEN then > 0 THEN round(now / then - 1.0, 4) END AS change,
       a.riskScore AS riskScore, a.riskLevel AS riskLevel
ORDER BY coalesce(change, 0.0), account
LIMIT $limit
