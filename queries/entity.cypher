// name: entity
// summary: Organizations or persons by internal id (an id not found is left out), each with its identifiers,
// summary: provenance and what GLEIF says of its LEI and its parents (statuses, and why no parent is reported: null
// summary: values when GLEIF says nothing).
// params: $ids: list of strings
// returns: id, labels, name, country, countryNote, kind, identifiers, dataset, sourceId, retrievedAt, gleif
UNWIND $ids AS eid
OPTIONAL MATCH (o:Organization {id: eid})
OPTIONAL MATCH (p:Person {id: eid})
WITH coalesce(o, p) AS n
WHERE n IS NOT NULL
RETURN n.id AS id, labels(n) AS labels, n.name AS name, n.country AS country, n.countryNote AS countryNote, n.kind AS kind,
       {lei: n.lei, ror: n.ror, grid: n.grid, openalex: n.openalex, wikidata: n.wikidata, isni: n.isni,
        uei: n.uei, duns: n.duns, registry: n.registryId, orcid: n.orcid} AS identifiers,
       n.dataset AS dataset, n.sourceId AS sourceId, n.retrievedAt AS retrievedAt,
       {entityStatus: n.entityStatus, registrationStatus: n.registrationStatus,
        directParentExceptionReasons: n.directParentExceptionReasons,
        directParentExceptionReference: n.directParentExceptionReference,
        directParentExceptionAsOf: n.directParentExceptionAsOf,
        ultimateParentExceptionReasons: n.ultimateParentExceptionReasons,
        ultimateParentExceptionReference: n.ultimateParentExceptionReference,
        ultimateParentExceptionAsOf: n.ultimateParentExceptionAsOf} AS gleif
