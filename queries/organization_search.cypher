// name: organization_search
// summary: Organizations whose name matches a full-text query, best first. The index name differs per
// summary: engine (Neo4j: organization_name_ft; embedded: Organization[name]) and arrives as $ftIndex.
// params: $ftIndex: string, $q: string, $limit: integer
// returns: id, name, country, kind, score
CALL db.index.fulltext.queryNodes($ftIndex, $q) YIELD node, score
RETURN node.id AS id, node.name AS name, node.country AS country, node.kind AS kind, score
ORDER BY score DESC, id
LIMIT $limit
