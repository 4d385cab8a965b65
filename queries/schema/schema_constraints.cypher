// name: schema_constraints
// mode: schema
// params: none
// Uniqueness of the system-of-record keys. An interaction is unique per (source, key):
// replaying the same interaction from the same source never counts it twice. An account keeps one
// metrics snapshot per day (its risk history).
CREATE CONSTRAINT account_key IF NOT EXISTS FOR (a:Account) REQUIRE a.key IS UNIQUE;
CREATE CONSTRAINT contact_key IF NOT EXISTS FOR (c:Contact) REQUIRE c.key IS UNIQUE;
CREATE CONSTRAINT staff_key IF NOT EXISTS FOR (s:Staff) REQUIRE s.key IS UNIQUE;
CREATE CONSTRAINT interaction_source_key IF NOT EXISTS FOR (i:Interaction) REQUIRE (i.source, i.key) IS UNIQUE;
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE;
CREATE CONSTRAINT schema_version_name IF NOT EXISTS FOR (v:SchemaVersion) REQUIRE v.name IS UNIQUE;
CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (w:Webhook) REQUIRE w.id IS UNIQUE;
CREATE CONSTRAINT webhook_delivery_id IF NOT EXISTS FOR (d:WebhookDelivery) REQUIRE d.id IS UNIQUE;
CREATE CONSTRAINT metrics_snapshot_account_day IF NOT EXISTS FOR (s:MetricsSnapshot) REQUIRE (s.accountKey, s.day) IS UNIQUE;
CREATE CONSTRAINT risk_event_id IF NOT EXISTS FOR (e:RiskEvent) REQUIRE e.id IS UNIQUE
