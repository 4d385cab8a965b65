// name: admin_wipe_data
// mode: write
// params: none
// Deletes every node and relationship except the record of the applied schema. Tests use it to start
// from an empty graph; there is no command for it on purpose.
MATCH (n)
WHERE NOT n:SchemaVersion
DETACH DELETE n
