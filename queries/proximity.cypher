// name: proximity
// summary: Paths from an entity to listed entities (LISTED_ON a Watchlist) through people affiliated with it, its
// summary: units and the organizations they belong to, and its funders', donors' and vendors' ownership
// summary: neighbourhoods (up to 2 hops beyond the grant or gift). Paths through its own ownership and control (either
// summary: direction) are walked in queries/walks.py (steps.cypher, listed_on.cypher) and joined to these in
// summary: queries/proximity.py. Funding hubs are never crossed, so one large funder does not connect every grantee.
// summary: Unrejected SAME_AS links (records of one organization in two sources) are crossed and count as no hop.
// summary: Units (PART_OF, from ROR) are walked up to the organizations they belong to (3 steps) and down to their
// summary: own units (2 steps), never sideways through a parent to its other units: research hubs have a thousand.
// summary: The shortest per listing is chosen in queries/proximity.py; at most $maxPaths paths per entity.
// params: $ids: list of strings, $maxHops: integer, $asOf: string or null, $maxPaths: integer
// returns: nodes, hops
UNWIND $ids AS xid
OPTIONAL MATCH (o:Organization {id: xid})
OPTIONAL MATCH (person:Person {id: xid})
WITH coalesce(o, person) AS x
WHERE x IS NOT NULL
CALL (x) {
  CALL (x) {
    MATCH p = (x)-[:SAME_AS*0..2]->()<-[:AFFILIATED_WITH]-(l:Person)-[:LISTED_ON]->(w:Watchlist)
    RETURN p
    UNION ALL
    MATCH p = (x)-[:SAME_AS*0..2]->()-[:PART_OF*1..3]->()-[:SAME_AS*0..2]->(l)-[:LISTED_ON]->(w:Watchlist)
    RETURN p
    UNION ALL
    MATCH p = (x)-[:SAME_AS*0..2]->()<-[:PART_OF*1..2]-()-[:SAME_AS*0..2]->(l)-[:LISTED_ON]->(w:Watchlist)
    RETURN p
    UNION ALL
    MATCH p = (x)-[:SAME_AS*0..2]->()<-[:AWARDED_TO]-(:Grant)<-[:FUNDS]-(f)-[:OWNS|CONTROLS|SAME_AS*0..4]-(l)
          -[:LISTED_ON]->(w:Watchlist)
    RETURN p
    UNION ALL
    MATCH p = (x)-[:SAME_AS*0..2]->()<-[:GIVEN_TO]-(:Gift)<-[:GAVE]-(d)-[:OWNS|CONTROLS|SAME_AS*0..4]-(l)
          -[:LISTED_ON]->(w:Watchlist)
    RETURN p
    UNION ALL
    MATCH p = (x)-[:SAME_AS*0..2]->()<-[:GIVEN_TO]-(:Gift)-[:SUPPLIED_BY]->(v)-[:OWNS|CONTROLS|SAME_AS*0..4]-(l)
          -[:LISTED_ON]->(w:Watchlist)
    RETURN p
  }
  WITH p
  WHERE size([r IN relationships(p) WHERE type(r) <> 'SAME_AS']) - 1 <= $maxHops
    AND all(r IN relationships(p) WHERE type(r) <> 'SAME_AS' OR r.judgement <> 'rejected')
    AND none(i IN range(0, length(p) - 1) WHERE nodes(p)[i] IN nodes(p)[i + 1..])
    AND all(r IN relationships(p) WHERE $asOf IS NULL
        OR ((r.validFrom IS NULL OR r.validFrom <= $asOf) AND (r.validTo IS NULL OR r.validTo >= $asOf)))
  WITH p ORDER BY length(p) LIMIT $maxPaths
  RETURN p
}
RETURN [n IN nodes(p) | {id: n.id, name: n.name, country: n.country, countryNote: n.countryNote, kind: n.kind,
          labels: labels(n), lei: n.lei, ror: n.ror, openalex: n.openalex, wikidata: n.wikidata, uei: n.uei, duns: n.duns,
          grid: n.grid, isni: n.isni, registryId: n.registryId, orcid: n.orcid,
          program: n.program, authority: n.authority, listId: n.listId, snapshot: n.snapshot}] AS nodes,
       [r IN relationships(p) | {type: type(r), start: startNode(r).id, end: endNode(r).id, sharePct: r.sharePct,
          shareMin: r.shareMin, shareMax: r.shareMax, controlType: r.controlType, role: r.role,
          judgement: r.judgement, evidence: r.evidence, validFrom: r.validFrom, validTo: r.validTo,
          dataset: r.dataset, sourceId: r.sourceId, sourceUrl: r.sourceUrl, retrievedAt: r.retrievedAt,
          program: r.program, reason: r.reason, listId: r.listId}] AS hops
