// name: neighbours
// summary: One entity of any label with the relationships touching it, each with the node at the other end and
// summary: the relationship's properties and provenance: what the investigation page adds when a node is expanded.
// summary: One hop only; at most $limit relationships, ownership and control first. An entity without
// summary: relationships gives one row whose type is null; an unknown id gives no row.
// params: $id: string, $limit: integer
// returns: center, direction, type, other, rel
OPTIONAL MATCH (o:Organization {id: $id})
OPTIONAL MATCH (person:Person {id: $id})
OPTIONAL MATCH (g:Grant {id: $id})
OPTIONAL MATCH (pub:Publication {id: $id})
OPTIONAL MATCH (gift:Gift {id: $id})
OPTIONAL MATCH (w:Watchlist {id: $id})
WITH coalesce(o, person, g, pub, gift, w) AS x
WHERE x IS NOT NULL
OPTIONAL MATCH (x)-[r]-(m)
WITH x, r, m,
     CASE WHEN r IS NULL THEN 9 WHEN type(r) IN ['OWNS', 'CONTROLS'] THEN 0 WHEN type(r) = 'LISTED_ON' THEN 1
          ELSE 2 END AS rank
ORDER BY rank, type(r), m.id
LIMIT $limit
RETURN {id: x.id, labels: labels(x), name: x.name, title: x.title, item: x.item, country: x.country,
        kind: x.kind, program: x.program, amount: x.amount, currency: x.currency,
        date: coalesce(x.date, x.startDate, x.year), lei: x.lei, ror: x.ror, openalex: x.openalex,
        wikidata: x.wikidata, uei: x.uei, registryId: x.registryId, orcid: x.orcid} AS center,
       CASE WHEN r IS NULL THEN null WHEN startNode(r).id = x.id THEN 'out' ELSE 'in' END AS direction,
       type(r) AS type,
       CASE WHEN m IS NULL THEN null ELSE
         {id: m.id, labels: labels(m), name: m.name, title: m.title, item: m.item, country: m.country,
          kind: m.kind, program: m.program, amount: m.amount, currency: m.currency,
          date: coalesce(m.date, m.startDate, m.year), lei: m.lei, ror: m.ror, openalex: m.openalex,
          wikidata: m.wikidata, uei: m.uei, registryId: m.registryId, orcid: m.orcid} END AS other,
       CASE WHEN r IS NULL THEN null ELSE
         {sharePct: r.sharePct, shareMin: r.shareMin, shareMax: r.shareMax, controlType: r.controlType,
          role: r.role, program: r.program, reason: r.reason, score: r.score, method: r.method,
          judgement: r.judgement, validFrom: r.validFrom, validTo: r.validTo, dataset: r.dataset,
          sourceId: r.sourceId, sourceUrl: r.sourceUrl, retrievedAt: r.retrievedAt} END AS rel
