// name: listed_on
// summary: The listings (LISTED_ON a Watchlist) of some organizations and persons valid on $asOf, with the watchlist,
// summary: for proximity through ownership (queries/walks.py walks to the listed record, this is its last step).
// params: $ids: list of strings, $asOf: string or null
// returns: id, list, hop
UNWIND $ids AS lid
OPTIONAL MATCH (o:Organization {id: lid})
OPTIONAL MATCH (person:Person {id: lid})
WITH coalesce(o, person) AS n
WHERE n IS NOT NULL
MATCH (n)-[r:LISTED_ON]->(w:Watchlist)
WHERE $asOf IS NULL OR ((r.validFrom IS NULL OR r.validFrom <= $asOf) AND (r.validTo IS NULL OR r.validTo >= $asOf))
RETURN n.id AS id,
       {id: w.id, name: w.name, country: w.country, countryNote: w.countryNote, kind: w.kind, labels: labels(w),
        lei: w.lei, ror: w.ror, openalex: w.openalex, wikidata: w.wikidata, uei: w.uei, duns: w.duns, grid: w.grid,
        isni: w.isni, registryId: w.registryId, orcid: w.orcid,
        program: w.program, authority: w.authority, listId: w.listId, snapshot: w.snapshot} AS list,
       {type: type(r), start: startNode(r).id, end: endNode(r).id, sharePct: r.sharePct,
        shareMin: r.shareMin, shareMax: r.shareMax, controlType: r.controlType, role: r.role,
        judgement: r.judgement, evidence: r.evidence, validFrom: r.validFrom, validTo: r.validTo,
        dataset: r.dataset, sourceId: r.sourceId, sourceUrl: r.sourceUrl, retrievedAt: r.retrievedAt,
        program: r.program, reason: r.reason, listId: r.listId} AS hop
