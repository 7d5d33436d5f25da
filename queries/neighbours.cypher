// name: neighbours
// summary: One entity of any label with the relationships touching it, each with the node at the other end and
// summary: the relationship's properties and provenance: what the investigation page adds when a node is expanded.
// summary: One hop only, paged per relationship type: at most $limit relationships of each type (the first the
// summary: store yields, so a hub's other thousands are never read) and `total`, how many that type has. Ownership
// summary: and control first, then listings, then the rest by type. Every entity also gives one row whose type is
// summary: null (so one without relationships is still found); an unknown id gives no row.
// params: $id: string, $limit: integer
// returns: center, direction, type, other, rel, total
OPTIONAL MATCH (o:Organization {id: $id})
OPTIONAL MATCH (person:Person {id: $id})
OPTIONAL MATCH (g:Grant {id: $id})
OPTIONAL MATCH (pub:Publication {id: $id})
OPTIONAL MATCH (gift:Gift {id: $id})
OPTIONAL MATCH (w:Watchlist {id: $id})
WITH coalesce(o, person, g, pub, gift, w) AS x
WHERE x IS NOT NULL
// One branch per relationship type of graph/model.py (Rel), either direction: the type in the pattern lets the
// engine count and read only that type's relationships, and LIMIT stops each branch early.
CALL (x) {
  WITH x, COUNT { (x)-[:OWNS]-() } AS total WHERE total > 0
  MATCH (x)-[r:OWNS]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:CONTROLS]-() } AS total WHERE total > 0
  MATCH (x)-[r:CONTROLS]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:LISTED_ON]-() } AS total WHERE total > 0
  MATCH (x)-[r:LISTED_ON]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:SAME_AS]-() } AS total WHERE total > 0
  MATCH (x)-[r:SAME_AS]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:FUNDS]-() } AS total WHERE total > 0
  MATCH (x)-[r:FUNDS]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:AWARDED_TO]-() } AS total WHERE total > 0
  MATCH (x)-[r:AWARDED_TO]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:GAVE]-() } AS total WHERE total > 0
  MATCH (x)-[r:GAVE]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:GIVEN_TO]-() } AS total WHERE total > 0
  MATCH (x)-[r:GIVEN_TO]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:SUPPLIED_BY]-() } AS total WHERE total > 0
  MATCH (x)-[r:SUPPLIED_BY]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:AUTHORED]-() } AS total WHERE total > 0
  MATCH (x)-[r:AUTHORED]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:AFFILIATED_WITH]-() } AS total WHERE total > 0
  MATCH (x)-[r:AFFILIATED_WITH]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:ACKNOWLEDGES]-() } AS total WHERE total > 0
  MATCH (x)-[r:ACKNOWLEDGES]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:PART_OF]-() } AS total WHERE total > 0
  MATCH (x)-[r:PART_OF]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:RELATED_TO]-() } AS total WHERE total > 0
  MATCH (x)-[r:RELATED_TO]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  WITH x, COUNT { (x)-[:SUCCEEDED_BY]-() } AS total WHERE total > 0
  MATCH (x)-[r:SUCCEEDED_BY]-(m) WITH total, r, m LIMIT $limit RETURN r, m, total
  UNION ALL
  RETURN null AS r, null AS m, 0 AS total  // the entity itself, even when it has no relationships
}
WITH x, r, m, total,
     CASE WHEN r IS NULL THEN 9 WHEN type(r) IN ['OWNS', 'CONTROLS'] THEN 0 WHEN type(r) = 'LISTED_ON' THEN 1
          ELSE 2 END AS rank
ORDER BY rank, type(r), m.id, startNode(r).id
RETURN {id: x.id, labels: labels(x), name: x.name, title: x.title, item: x.item, country: x.country,
        kind: x.kind, program: x.program, amount: x.amount, currency: x.currency,
        date: coalesce(x.date, x.startDate, x.year), lei: x.lei, ror: x.ror, openalex: x.openalex,
        wikidata: x.wikidata, uei: x.uei, duns: x.duns, grid: x.grid, isni: x.isni, registryId: x.registryId,
        orcid: x.orcid} AS center,
       CASE WHEN r IS NULL THEN null WHEN startNode(r).id = x.id THEN 'out' ELSE 'in' END AS direction,
       type(r) AS type,
       CASE WHEN m IS NULL THEN null ELSE
         {id: m.id, labels: labels(m), name: m.name, title: m.title, item: m.item, country: m.country,
          kind: m.kind, program: m.program, amount: m.amount, currency: m.currency,
          date: coalesce(m.date, m.startDate, m.year), lei: m.lei, ror: m.ror, openalex: m.openalex,
          wikidata: m.wikidata, uei: m.uei, duns: m.duns, grid: m.grid, isni: m.isni, registryId: m.registryId,
          orcid: m.orcid} END AS other,
       CASE WHEN r IS NULL THEN null ELSE
         {sharePct: r.sharePct, shareMin: r.shareMin, shareMax: r.shareMax, controlType: r.controlType,
          role: r.role, program: r.program, reason: r.reason, score: r.score, method: r.method,
          judgement: r.judgement, validFrom: r.validFrom, validTo: r.validTo, dataset: r.dataset,
          sourceId: r.sourceId, sourceUrl: r.sourceUrl, retrievedAt: r.retrievedAt} END AS rel,
       total
