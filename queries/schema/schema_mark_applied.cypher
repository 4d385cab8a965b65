// name: schema_mark_applied
// mode: write
// params: $name, $checksum
// Records that the schema files with this checksum were applied, so /readyz can tell.
MERGE (v:SchemaVersion {name: $name})
SET v.checksum = $checksum, v.appliedAt = datetime()
