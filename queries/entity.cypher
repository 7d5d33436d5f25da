// name: entity
// summary: One organization or person by internal id, with its identifiers and provenance.
// params: $id: string
// returns: id, labels, name, country, countryNote, kind, identifiers, dataset, sourceId, retrievedAt
OPTIONAL MATCH (o:Organization {id: $id})
OPTIONAL MATCH (p:Person {id: $id})
WITH coalesce(o, p) AS n
WHERE n IS NOT NULL
RETURN n.id AS id, labels(n) AS labels, n.name AS name, n.country AS country, n.countryNote AS countryNote, n.kind AS kind,
       {lei: n.lei, ror: n.ror, grid: n.grid, openalex: n.openalex, wikidata: n.wikidata, isni: n.isni,
        uei: n.uei, duns: n.duns, registry: n.registryId, orcid: n.orcid} AS identifiers,
       n.dataset AS dataset, n.sourceId AS sourceId, n.retrievedAt AS retrievedAt
