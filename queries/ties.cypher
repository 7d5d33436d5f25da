// name: ties
// summary: Research ties of an organization: publications its researchers or it co-authored with other
// summary: organizations, grants it shares with other recipients, and equipment or in-kind gifts it received
// summary: (with donor and vendor), through any record of it (unrejected SAME_AS). Foreign, listed and sensitive
// summary: ones are flagged in queries/ties.py; a partner counts as listed when any record of it is. At most $maxRows
// summary: ties per organization; the organization asked about is the first node of each path.
// params: $ids: list of strings, $asOf: string or null, $maxRows: integer
// returns: kind, via, other, nodes, hops
UNWIND $ids AS xid
MATCH (x:Organization {id: xid})
CALL (x) {
  CALL (x) {
    MATCH p = (x)-[:SAME_AS*0..2]->(xt:Organization)<-[:AFFILIATED_WITH]-(:Person)-[:AUTHORED]->(v:Publication)
          <-[:AUTHORED]-(o:Organization)
    WHERE o.id <> xt.id
    RETURN p, 'co_publication' AS kind, v, o
    UNION ALL
    MATCH p = (x)-[:SAME_AS*0..2]->(xt:Organization)-[:AUTHORED]->(v:Publication)<-[:AUTHORED]-(o:Organization)
    WHERE o.id <> xt.id
    RETURN p, 'co_publication' AS kind, v, o
    UNION ALL
    MATCH p = (x)-[:SAME_AS*0..2]->(xt:Organization)<-[:AWARDED_TO]-(v:Grant)-[:AWARDED_TO]->(o:Organization)
    WHERE o.id <> xt.id
    RETURN p, 'shared_grant' AS kind, v, o
    UNION ALL
    MATCH p = (x)-[:SAME_AS*0..2]->(:Organization)<-[:GIVEN_TO]-(v:Gift)<-[:GAVE]-(o)
    WHERE v.giftType IN ['equipment', 'in_kind']
    RETURN p, 'equipment' AS kind, v, o
  }
  WITH p, kind, v, o
  WHERE all(s IN relationships(p) WHERE type(s) <> 'SAME_AS' OR s.judgement <> 'rejected')
    AND ($asOf IS NULL OR coalesce(v.date, v.startDate) IS NULL OR coalesce(v.date, v.startDate) <= $asOf)
  WITH p, kind, v, o LIMIT $maxRows
  RETURN p, kind, v, o
}
OPTIONAL MATCH (v)-[:SUPPLIED_BY]->(vendor:Organization)
OPTIONAL MATCH listing = (o)-[:SAME_AS*0..2]->()-[:LISTED_ON]->(w:Watchlist)
WHERE all(s IN relationships(listing) WHERE type(s) <> 'SAME_AS' OR s.judgement <> 'rejected')
WITH p, kind, v, o, vendor, count(w) AS listings
RETURN kind,
       {id: v.id, name: coalesce(v.title, v.item, v.name), date: coalesce(v.date, v.startDate), item: v.item,
        model: v.model, vendor: coalesce(vendor.name, v.vendor), vendorId: vendor.id, vendorCountry: vendor.country,
        amount: v.amount, currency: v.currency, conditions: v.conditions, description: v.description,
        giftType: v.giftType, doi: v.doi, labels: labels(v)} AS via,
       {id: o.id, name: o.name, country: o.country, countryNote: o.countryNote, kind: o.kind, labels: labels(o),
        lei: o.lei, ror: o.ror, openalex: o.openalex, wikidata: o.wikidata, uei: o.uei, duns: o.duns,
        grid: o.grid, isni: o.isni, registryId: o.registryId, orcid: o.orcid, listed: listings > 0} AS other,
       [n IN nodes(p) | {id: n.id, name: n.name, country: n.country, countryNote: n.countryNote, kind: n.kind,
          labels: labels(n), lei: n.lei, ror: n.ror, openalex: n.openalex, wikidata: n.wikidata, uei: n.uei, duns: n.duns,
          grid: n.grid, isni: n.isni, registryId: n.registryId, orcid: n.orcid}] AS nodes,
       [r IN relationships(p) | {type: type(r), start: startNode(r).id, end: endNode(r).id, sharePct: r.sharePct,
          shareMin: r.shareMin, shareMax: r.shareMax, controlType: r.controlType, role: r.role,
          judgement: r.judgement, evidence: r.evidence, validFrom: r.validFrom, validTo: r.validTo,
          dataset: r.dataset, sourceId: r.sourceId, sourceUrl: r.sourceUrl, retrievedAt: r.retrievedAt}] AS hops
