// name: person_roles
// summary: What a person is to organizations, valid on $asOf when given: the organizations they own (OWNS), sit on
// summary: the board of or control (CONTROLS), work for (AFFILIATED_WITH, an employer or an author's affiliation),
// summary: and the organizations of the grants awarded to them as principal investigator (AWARDED_TO).
// params: $id: string, $asOf: string or null
// returns: role, nodes, hops
MATCH (x:Person {id: $id})
CALL (x) {
  MATCH p = (x)-[:OWNS]->(o:Organization)
  RETURN p, 'owns' AS role
  UNION ALL
  MATCH p = (x)-[:CONTROLS]->(o:Organization)
  RETURN p, 'directs' AS role
  UNION ALL
  MATCH p = (x)-[:AFFILIATED_WITH]->(o:Organization)
  RETURN p, 'works_for' AS role
  UNION ALL
  MATCH p = (x)<-[:AWARDED_TO]-(g:Grant)-[:AWARDED_TO]->(o:Organization)
  RETURN p, 'grant_pi' AS role
}
WITH p, role
WHERE all(r IN relationships(p) WHERE $asOf IS NULL
      OR ((r.validFrom IS NULL OR r.validFrom <= $asOf) AND (r.validTo IS NULL OR r.validTo >= $asOf)))
RETURN role,
       [n IN nodes(p) | {id: n.id, name: n.name, country: n.country, countryNote: n.countryNote, kind: n.kind,
          labels: labels(n), lei: n.lei, ror: n.ror, openalex: n.openalex, wikidata: n.wikidata, uei: n.uei, duns: n.duns,
          grid: n.grid, isni: n.isni, registryId: n.registryId, orcid: n.orcid,
          awardId: n.awardId}] AS nodes,
       [r IN relationships(p) | {type: type(r), start: startNode(r).id, end: endNode(r).id, sharePct: r.sharePct,
          shareMin: r.shareMin, shareMax: r.shareMax, controlType: r.controlType, role: r.role,
          judgement: r.judgement, evidence: r.evidence, validFrom: r.validFrom, validTo: r.validTo,
          dataset: r.dataset, sourceId: r.sourceId, sourceUrl: r.sourceUrl, retrievedAt: r.retrievedAt}] AS hops
