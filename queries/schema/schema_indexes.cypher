// name: schema_indexes
// mode: schema
// params: none
// Indexes the code and the explorations filter, sort and range-scan on.
CREATE INDEX interaction_occurred_at IF NOT EXISTS FOR (i:Interaction) ON (i.occurredAt);
CREATE INDEX interaction_channel IF NOT EXISTS FOR (i:Interaction) ON (i.channel);
CREATE INDEX account_name IF NOT EXISTS FOR (a:Account) ON (a.name);
CREATE INDEX account_segment IF NOT EXISTS FOR (a:Account) ON (a.segment);
CREATE INDEX account_tier IF NOT EXISTS FOR (a:Account) ON (a.tier);
CREATE INDEX account_lifecycle IF NOT EXISTS FOR (a:Account) ON (a.lifecycleStage);
CREATE INDEX account_risk_score IF NOT EXISTS FOR (a:Account) ON (a.riskScore);
CREATE INDEX account_risk_level IF NOT EXISTS FOR (a:Account) ON (a.riskLevel);
CREATE INDEX account_value_at_risk IF NOT EXISTS FOR (a:Account) ON (a.valueAtRisk);
CREATE INDEX account_relationship_value IF NOT EXISTS FOR (a:Account) ON (a.relationshipValue);
CREATE INDEX account_single_threaded IF NOT EXISTS FOR (a:Account) ON (a.singleThreaded);
CREATE INDEX account_churned_at IF NOT EXISTS FOR (a:Account) ON (a.churnedAt);
CREATE INDEX contact_email IF NOT EXISTS FOR (c:Contact) ON (c.email);
CREATE INDEX contact_role IF NOT EXISTS FOR (c:Contact) ON (c.role);
CREATE INDEX staff_function IF NOT EXISTS FOR (s:Staff) ON (s.function);
CREATE INDEX works_at_until IF NOT EXISTS FOR ()-[w:WORKS_AT]-() ON (w.until);
CREATE INDEX knows_strength IF NOT EXISTS FOR ()-[k:KNOWS]-() ON (k.strength);
CREATE FULLTEXT INDEX account_name_search IF NOT EXISTS FOR (a:Account) ON EACH [a.name, a.domain];
CREATE INDEX webhook_delivery_due IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.status, d.nextAttemptAt);
CREATE INDEX risk_event_recorded_at IF NOT EXISTS FOR (e:RiskEvent) ON (e.recordedAt)
