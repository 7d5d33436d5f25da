// name: researcher_coauthorships
// summary: Co-authorships with listed institutions: a publication the researcher wrote, a co-author who wrote it
// summary: while affiliated with an organization that is listed (on it, on a record linked to it by unrejected
// summary: SAME_AS, up to 2 steps, or on an organization it is a unit of: ROR PART_OF up to 3 steps up from it or a
// summary: record linked to it, with the path as evidence; one SAME_AS step before the climb, as two cost a quarter
// summary: more time at 100k organizations for links that resolution writes directly). The institution must itself have AUTHORED the publication, and the affiliation
// summary: must come from the record that holds the authorship (same dataset and sourceId: OpenAlex writes one
// summary: AFFILIATED_WITH per work) or be dated the publication's date, so an affiliation shown on another paper
// summary: of the co-author never counts.
// params: $ids: list of strings
// returns: publicationId, doi, title, year, date, coauthorId, coauthorName, coauthorOrcid, orgId, orgName, country, dataset, sourceId, sourceUrl, listings
UNWIND $ids AS pid
MATCH (p:Person {id: pid})-[:AUTHORED]->(pub:Publication)<-[:AUTHORED]-(co:Person)
WHERE NOT co.id IN $ids
MATCH (co)-[a:AFFILIATED_WITH]->(o:Organization)-[:AUTHORED]->(pub)
WHERE (a.dataset = pub.dataset AND a.sourceId = pub.sourceId) OR (a.validFrom IS NOT NULL AND a.validFrom = pub.date)
WITH o, collect(DISTINCT {pub: pub, co: co, a: a}) AS uses
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
WITH o, uses, listings
WHERE size(listings) > 0
UNWIND uses AS u
WITH o, listings, u.pub AS pub, u.co AS co, u.a AS a
RETURN pub.id AS publicationId, pub.doi AS doi, pub.title AS title, pub.year AS year, pub.date AS date,
       co.id AS coauthorId, co.name AS coauthorName, co.orcid AS coauthorOrcid, o.id AS orgId, o.name AS orgName,
       o.country AS country, a.dataset AS dataset, a.sourceId AS sourceId, a.sourceUrl AS sourceUrl, listings
ORDER BY date, publicationId, coauthorId, orgId
