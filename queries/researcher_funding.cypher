// name: researcher_funding
// summary: Who funds a researcher: the funders of grants awarded to them, and the funders their publications
// summary: acknowledge (directly, or through an acknowledged Grant), each funder with its listings (on it, or on a
// summary: record linked to it by unrejected SAME_AS, up to 2 steps).
// params: $ids: list of strings
// returns: kind, personId, orgId, orgName, country, orgKind, date, awardId, via, doi, dataset, sourceId, sourceUrl, listings
UNWIND $ids AS pid
MATCH (p:Person {id: pid})
CALL (p) {
  MATCH (p)<-[:AWARDED_TO]-(g:Grant)<-[:FUNDS]-(o:Organization)
  RETURN 'grant' AS kind, o, g.startDate AS date, g.awardId AS awardId, g.id AS via, null AS doi,
         g.dataset AS dataset, g.sourceId AS sourceId, g.sourceUrl AS sourceUrl
  UNION ALL
  MATCH (p)-[:AUTHORED]->(pub:Publication)-[k:ACKNOWLEDGES]->(o:Organization)
  RETURN 'acknowledgement' AS kind, o, coalesce(pub.date, toString(pub.year)) AS date, k.awardId AS awardId,
         pub.id AS via, pub.doi AS doi, k.dataset AS dataset, k.sourceId AS sourceId, k.sourceUrl AS sourceUrl
  UNION ALL
  MATCH (p)-[:AUTHORED]->(pub:Publication)-[k:ACKNOWLEDGES]->(:Grant)<-[:FUNDS]-(o:Organization)
  RETURN 'acknowledgement' AS kind, o, coalesce(pub.date, toString(pub.year)) AS date, k.awardId AS awardId,
         pub.id AS via, pub.doi AS doi, k.dataset AS dataset, k.sourceId AS sourceId, k.sourceUrl AS sourceUrl
}
WITH p, o, collect({kind: kind, date: date, awardId: awardId, via: via, doi: doi, dataset: dataset,
     sourceId: sourceId, sourceUrl: sourceUrl}) AS uses
CALL (o) {
  OPTIONAL MATCH q = (o)-[:SAME_AS*0..2]-(l)-[lo:LISTED_ON]->(w:Watchlist)
  WHERE all(r IN relationships(q) WHERE type(r) <> 'SAME_AS' OR r.judgement <> 'rejected')
  RETURN collect({listed: l.id, listedName: l.name, watchlist: w.id, listId: coalesce(lo.listId, w.listId),
          title: w.name, program: lo.program, reason: lo.reason, validFrom: lo.validFrom, validTo: lo.validTo,
          dataset: lo.dataset, sourceId: lo.sourceId}) AS found
}
WITH p, o, uses, [x IN found WHERE x.watchlist IS NOT NULL] AS listings
UNWIND uses AS u
RETURN u.kind AS kind, p.id AS personId, o.id AS orgId, o.name AS orgName, o.country AS country, o.kind AS orgKind,
       u.date AS date, u.awardId AS awardId, u.via AS via, u.doi AS doi, u.dataset AS dataset,
       u.sourceId AS sourceId, u.sourceUrl AS sourceUrl, listings
ORDER BY date, orgId
