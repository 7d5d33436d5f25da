// name: funding
// summary: Money and equipment flowing into the given recipients: grants (funder -> grant -> recipient), gifts,
// summary: contracts and donations (donor -> gift -> recipient), and funders acknowledged in their publications.
// params: $ids: list of strings, $asOf: string or null
// returns: kind, recipient, via, funder, amount, currency, date, nodes, hops
UNWIND $ids AS rid
MATCH (r:Organization {id: rid})
CALL (r) {
  MATCH p = (r)<-[:AWARDED_TO]-(v:Grant)<-[:FUNDS]-(f)
  RETURN p, 'grant' AS kind, v, f
  UNION ALL
  MATCH p = (r)<-[:GIVEN_TO]-(v:Gift)<-[:GAVE]-(f)
  RETURN p, coalesce(v.giftType, 'gift') AS kind, v, f
  UNION ALL
  MATCH p = (r)-[:AUTHORED]->(v:Publication)-[:ACKNOWLEDGES]->(f:Organization)
  RETURN p, 'acknowledgement' AS kind, v, f
}
WITH r, p, kind, v, f
WHERE $asOf IS NULL OR coalesce(v.date, v.startDate) IS NULL OR coalesce(v.date, v.startDate) <= $asOf
RETURN kind, r.id AS recipient, v.id AS via, f.id AS funder,
       CASE WHEN kind = 'acknowledgement' THEN null ELSE v.amount END AS amount,
       v.currency AS currency, coalesce(v.date, v.startDate) AS date,
       [n IN nodes(p) | {id: n.id, name: n.name, country: n.country, countryNote: n.countryNote, kind: n.kind,
          labels: labels(n), lei: n.lei, ror: n.ror, openalex: n.openalex, wikidata: n.wikidata, uei: n.uei, duns: n.duns,
          grid: n.grid, isni: n.isni, registryId: n.registryId, orcid: n.orcid}] AS nodes,
       [x IN relationships(p) | {type: type(x), start: startNode(x).id, end: endNode(x).id, sharePct: x.sharePct,
          shareMin: x.shareMin, shareMax: x.shareMax, controlType: x.controlType, role: x.role,
          judgement: x.judgement, evidence: x.evidence, validFrom: x.validFrom, validTo: x.validTo,
          dataset: x.dataset, sourceId: x.sourceId, sourceUrl: x.sourceUrl, retrievedAt: x.retrievedAt,
          awardId: x.awardId}] AS hops
