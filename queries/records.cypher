// name: records
// summary: Organizations by internal id with their identifiers and provenance: the records resolution judged to be
// summary: one organization (queries/identity.py gives the ids), each shown with the source it comes from.
// params: $ids: list of strings
// returns: id, name, country, kind, labels, lei, ror, grid, openalex, wikidata, isni, uei, duns, registryId, dataset, sourceId, sourceUrl, retrievedAt
UNWIND $ids AS rid
MATCH (o:Organization {id: rid})
RETURN o.id AS id, o.name AS name, o.country AS country, o.kind AS kind, labels(o) AS labels, o.lei AS lei,
       o.ror AS ror, o.grid AS grid, o.openalex AS openalex, o.wikidata AS wikidata, o.isni AS isni, o.uei AS uei,
       o.duns AS duns, o.registryId AS registryId, o.dataset AS dataset, o.sourceId AS sourceId,
       o.sourceUrl AS sourceUrl, o.retrievedAt AS retrievedAt
ORDER BY id
