// Neo4j-only DDL. The embedded engine refuses CREATE FULLTEXT INDEX; its engine process creates the
// equivalent index itself (ArcadeDB SQL `CREATE INDEX ... FULL_TEXT`), and the store passes the index name
// to queries as the $ftIndex parameter.
// name: organization_name_ft
// mode: schema
CREATE FULLTEXT INDEX organization_name_ft IF NOT EXISTS FOR (n:Organization) ON EACH [n.name]
