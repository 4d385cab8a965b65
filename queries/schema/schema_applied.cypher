// name: schema_applied
// mode: read
// params: $name
// The checksum of the schema last applied, if any.
MATCH (v:SchemaVersion {name: $name})
RETURN v.checksum AS checksum, v.appliedAt AS appliedAt
