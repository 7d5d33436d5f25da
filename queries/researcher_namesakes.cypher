// name: researcher_namesakes
// summary: Candidate records of the same researcher in other sources (an NIH or NSF investigator, say): people
// summary: affiliated with an organization the researcher is affiliated with, or with a record of it linked by
// summary: unrejected SAME_AS (up to 2 steps). Python keeps those whose name is the researcher's and whose ORCID,
// summary: if any, does not differ.
// params: $ids: list of strings, $maxRows: integer
// returns: id, name, orcid, openalex, dataset, sourceId, orgId
UNWIND $ids AS pid
MATCH (p:Person {id: pid})-[:AFFILIATED_WITH]->(o:Organization)
WITH DISTINCT o
MATCH q = (o)-[:SAME_AS*0..2]-(o2:Organization)<-[:AFFILIATED_WITH]-(n:Person)
WHERE NOT n.id IN $ids
  AND all(r IN relationships(q) WHERE type(r) <> 'SAME_AS' OR r.judgement <> 'rejected')
RETURN DISTINCT n.id AS id, n.name AS name, n.orcid AS orcid, n.openalex AS openalex, n.dataset AS dataset,
       n.sourceId AS sourceId, o2.id AS orgId
ORDER BY id
LIMIT $maxRows
