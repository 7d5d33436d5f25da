// name: organization_search
// summary: Organizations whose name or aliases match a full-text query in one index, best first. Search runs
// summary: it on the name index, whose name differs per engine and arrives as $ftIndex (Neo4j: organization_name_ft;
// summary: embedded: Organization[name]), and on the aliases index, organization_alias_ft on both engines. People are
// summary: searched with the same query on person_name_ft and person_alias_ft (queries/target.py).
// params: $ftIndex: string, $q: string, $limit: integer
// returns: id, name, aliases, country, kind, score
CALL db.index.fulltext.queryNodes($ftIndex, $q) YIELD node, score
RETURN node.id AS id, node.name AS name, node.aliases AS aliases, node.country AS country, node.kind AS kind, score
ORDER BY score DESC, id
LIMIT $limit
