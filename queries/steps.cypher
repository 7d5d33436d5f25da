// name: steps
// summary: The ownership, control and SAME_AS relationships of some organizations and persons, one step each, for
// summary: queries/walks.py to walk into paths (controllers, controlled, proximity through ownership). Each ask names
// summary: a node and the way it is walked: 'in' (relationships ending at it), 'out' (starting at it) or 'both'.
// summary: Only relationships valid on $asOf are returned, and SAME_AS links unless rejected. A walk of these steps
// summary: keeps each path simple (no node twice) as it goes; one variable-length pattern cannot, and enumerated
// summary: every back-and-forth over the two directions of a SAME_AS link first (a 20-record organization: 93 ms).
// params: $asks: list of maps (id: string, way: string), $asOf: string or null
// returns: id, node, steps
UNWIND $asks AS ask
OPTIONAL MATCH (o:Organization {id: ask.id})
OPTIONAL MATCH (person:Person {id: ask.id})
WITH ask, coalesce(o, person) AS n
WHERE n IS NOT NULL
OPTIONAL MATCH (n)-[r:OWNS|CONTROLS|SAME_AS]-(m)
WHERE (ask.way = 'both' OR (ask.way = 'in') = (endNode(r) = n))
  AND (type(r) <> 'SAME_AS' OR r.judgement <> 'rejected')
  AND ($asOf IS NULL OR ((r.validFrom IS NULL OR r.validFrom <= $asOf) AND (r.validTo IS NULL OR r.validTo >= $asOf)))
WITH ask, n, collect(CASE WHEN r IS NULL THEN null ELSE {
         other: {id: m.id, name: m.name, country: m.country, countryNote: m.countryNote, kind: m.kind,
                 labels: labels(m), lei: m.lei, ror: m.ror, openalex: m.openalex, wikidata: m.wikidata, uei: m.uei,
                 duns: m.duns, grid: m.grid, isni: m.isni, registryId: m.registryId, orcid: m.orcid},
         hop: {type: type(r), start: startNode(r).id, end: endNode(r).id, sharePct: r.sharePct,
               shareMin: r.shareMin, shareMax: r.shareMax, controlType: r.controlType, role: r.role,
               judgement: r.judgement, evidence: r.evidence, validFrom: r.validFrom, validTo: r.validTo,
               dataset: r.dataset, sourceId: r.sourceId, sourceUrl: r.sourceUrl, retrievedAt: r.retrievedAt}}
       END) AS steps
RETURN n.id AS id,
       {id: n.id, name: n.name, country: n.country, countryNote: n.countryNote, kind: n.kind, labels: labels(n),
        lei: n.lei, ror: n.ror, openalex: n.openalex, wikidata: n.wikidata, uei: n.uei, duns: n.duns, grid: n.grid,
        isni: n.isni, registryId: n.registryId, orcid: n.orcid} AS node,
       steps
