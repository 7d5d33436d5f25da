// name: researcher_affiliations
// summary: A researcher's appointments over time: their AFFILIATED_WITH organizations (OpenAlex writes one per work,
// summary: dated by the publication) and the organizations their grants were awarded to, each organization with its
// summary: listings: on it, or on a record linked to it by unrejected SAME_AS (up to 2 steps), or on an organization
// summary: it is a unit of (ROR PART_OF, up to 3 steps up from it or a record linked to it, never sideways), each
// summary: listing with the path as evidence.
// params: $ids: list of strings
// returns: kind, personId, orgId, orgName, country, orgKind, date, endDate, role, awardId, dataset, sourceId, sourceUrl, listings
UNWIND $ids AS pid
MATCH (p:Person {id: pid})
CALL (p) {
  MATCH (p)-[a:AFFILIATED_WITH]->(o:Organization)
  RETURN 'affiliation' AS kind, o, a.validFrom AS date, a.validTo AS endDate, a.role AS role, null AS awardId,
         a.dataset AS dataset, a.sourceId AS sourceId, a.sourceUrl AS sourceUrl
  UNION ALL
  MATCH (p)<-[a:AWARDED_TO]-(g:Grant)-[:AWARDED_TO]->(o:Organization)
  RETURN 'grant_institution' AS kind, o, g.startDate AS date, g.endDate AS endDate, a.role AS role,
         g.awardId AS awardId, g.dataset AS dataset, g.sourceId AS sourceId, g.sourceUrl AS sourceUrl
}
WITH p, o, collect({kind: kind, date: date, endDate: endDate, role: role, awardId: awardId, dataset: dataset,
     sourceId: sourceId, sourceUrl: sourceUrl}) AS uses
CALL (o) {
  CALL (o) {
    MATCH q = (o)-[:SAME_AS*0..2]-(l)-[lo:LISTED_ON]->(w:Watchlist)
    WHERE all(r IN relationships(q) WHERE type(r) <> 'SAME_AS' OR r.judgement <> 'rejected')
    RETURN q, l, lo, w, 'listed' AS through
    UNION ALL
    MATCH q = (o)-[:SAME_AS*0..1]-()-[:PART_OF*1..3]->()-[:SAME_AS*0..2]-(l)-[lo:LISTED_ON]->(w:Watchlist)
    WHERE all(r IN relationships(q) WHERE type(r) <> 'SAME_AS' OR r.judgement <> 'rejected')
    RETURN q, l, lo, w, 'part_of' AS through
  }
  RETURN collect({listed: l.id, listedName: l.name, watchlist: w.id, listId: coalesce(lo.listId, w.listId),
          title: w.name, program: lo.program, reason: lo.reason, validFrom: lo.validFrom, validTo: lo.validTo,
          dataset: lo.dataset, sourceId: lo.sourceId, through: through,
          path: [n IN nodes(q) WHERE n.id <> w.id | {id: n.id, name: n.name, country: n.country}]}) AS listings
}
WITH p, o, uses, listings
UNWIND uses AS u
RETURN u.kind AS kind, p.id AS personId, o.id AS orgId, o.name AS orgName, o.country AS country, o.kind AS orgKind,
       u.date AS date, u.endDate AS endDate, u.role AS role, u.awardId AS awardId, u.dataset AS dataset,
       u.sourceId AS sourceId, u.sourceUrl AS sourceUrl, listings
ORDER BY date, orgId
