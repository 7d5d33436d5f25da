// name: controllers
// summary: Every simple upstream ownership or control path into each of the entities within $maxHops (at most 10), valid on
// summary: $asOf when given. Effective ownership, control and ultimate controllers are computed from these paths
// summary: in queries/control.py, because summing products over distinct chains is clearer in Python. Paths cross
// summary: unrejected SAME_AS links (two records of one organization, up to 3 such steps, not counted as hops and
// summary: never the last step); queries/identity.py then counts each real organization once.
// params: $ids: list of strings, $maxHops: integer, $asOf: string or null, $maxPaths: integer
// returns: nodes, hops
UNWIND $ids AS xid
MATCH (x:Organization {id: xid})
MATCH p = (x)<-[:OWNS|CONTROLS|SAME_AS*1..13]-(c)
WHERE type(last(relationships(p))) <> 'SAME_AS'
  AND size([r IN relationships(p) WHERE type(r) <> 'SAME_AS']) <= $maxHops
  AND all(r IN relationships(p) WHERE type(r) <> 'SAME_AS' OR r.judgement <> 'rejected')
  AND none(i IN range(0, length(p) - 1) WHERE nodes(p)[i] IN nodes(p)[i + 1..])
  AND all(r IN relationships(p) WHERE $asOf IS NULL
      OR ((r.validFrom IS NULL OR r.validFrom <= $asOf) AND (r.validTo IS NULL OR r.validTo >= $asOf)))
WITH p LIMIT $maxPaths
RETURN [n IN nodes(p) | {id: n.id, name: n.name, country: n.country, countryNote: n.countryNote, kind: n.kind,
          labels: labels(n), lei: n.lei, ror: n.ror, openalex: n.openalex, wikidata: n.wikidata, uei: n.uei, duns: n.duns,
          grid: n.grid, isni: n.isni, registryId: n.registryId, orcid: n.orcid}] AS nodes,
       [r IN relationships(p) | {type: type(r), start: startNode(r).id, end: endNode(r).id, sharePct: r.sharePct,
          shareMin: r.shareMin, shareMax: r.shareMax, controlType: r.controlType, role: r.role,
          judgement: r.judgement, evidence: r.evidence, validFrom: r.validFrom, validTo: r.validTo,
          dataset: r.dataset, sourceId: r.sourceId, sourceUrl: r.sourceUrl, retrievedAt: r.retrievedAt}] AS hops
