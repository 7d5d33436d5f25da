// name: researcher_equipment
// summary: Equipment received by a researcher's units: Gifts of giftType equipment GIVEN_TO an organization the
// summary: researcher is AFFILIATED_WITH (or to the researcher), with the donor (GAVE) or vendor (SUPPLIED_BY) and
// summary: that counterpart's listings (on it, or on a record linked to it by unrejected SAME_AS, up to 2 steps).
// params: $ids: list of strings
// returns: kind, personId, unitId, unitName, giftId, item, date, orgId, orgName, country, orgKind, dataset, sourceId, sourceUrl, listings
UNWIND $ids AS pid
MATCH (p:Person {id: pid})
CALL (p) {
  MATCH (p)-[:AFFILIATED_WITH]->(u:Organization)<-[:GIVEN_TO]-(g:Gift {giftType: 'equipment'})
  RETURN DISTINCT u, g
  UNION
  MATCH (p)<-[:GIVEN_TO]-(g:Gift {giftType: 'equipment'})
  RETURN p AS u, g
}
CALL (g) {
  MATCH (g)<-[:GAVE]-(o)
  RETURN 'donor' AS kind, o
  UNION
  MATCH (g)-[:SUPPLIED_BY]->(o)
  RETURN 'vendor' AS kind, o
}
CALL (o) {
  OPTIONAL MATCH q = (o)-[:SAME_AS*0..2]-(l)-[lo:LISTED_ON]->(w:Watchlist)
  WHERE all(r IN relationships(q) WHERE type(r) <> 'SAME_AS' OR r.judgement <> 'rejected')
  RETURN collect({listed: l.id, listedName: l.name, watchlist: w.id, listId: coalesce(lo.listId, w.listId),
          title: w.name, program: lo.program, reason: lo.reason, validFrom: lo.validFrom, validTo: lo.validTo,
          dataset: lo.dataset, sourceId: lo.sourceId}) AS found
}
RETURN kind, p.id AS personId, u.id AS unitId, u.name AS unitName, g.id AS giftId, coalesce(g.item, g.description) AS item,
       g.date AS date, o.id AS orgId, o.name AS orgName, o.country AS country, o.kind AS orgKind,
       g.dataset AS dataset, g.sourceId AS sourceId, g.sourceUrl AS sourceUrl,
       [x IN found WHERE x.watchlist IS NOT NULL] AS listings
ORDER BY date, giftId
