// Neo4j-only DDL. The embedded engine refuses CREATE FULLTEXT INDEX; its engine process creates the
// equivalent indexes itself (ArcadeDB SQL `CREATE INDEX ... FULL_TEXT`). The name index is named differently
// per engine and reaches queries as the $ftIndex parameter; the aliases index has the same name on both.
// name: organization_name_ft
// mode: schema
CREATE FULLTEXT INDEX organization_name_ft IF NOT EXISTS FOR (n:Organization) ON EACH [n.name]

;
// A full-text index takes a LIST<STRING> property and analyzes each element (Cypher manual, "Full-text
// indexes", "Lists of STRING values"). A second index rather than [n.name, n.aliases] under the name above:
// IF NOT EXISTS leaves an existing organization_name_ft as it is, so a database made before would never
// index its aliases; a new index is populated from the nodes already there.
// name: organization_alias_ft
// mode: schema
CREATE FULLTEXT INDEX organization_alias_ft IF NOT EXISTS FOR (n:Organization) ON EACH [n.aliases]

;
// People are found by name as organizations are (queries/target.py), with the same index names on both engines.
// name: person_name_ft
// mode: schema
CREATE FULLTEXT INDEX person_name_ft IF NOT EXISTS FOR (n:Person) ON EACH [n.name]

;
// name: person_alias_ft
// mode: schema
CREATE FULLTEXT INDEX person_alias_ft IF NOT EXISTS FOR (n:Person) ON EACH [n.aliases]
