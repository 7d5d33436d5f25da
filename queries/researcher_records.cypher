// name: researcher_records
// summary: The records of one researcher: the Person with the given id, every Person carrying the same ORCID (one
// summary: researcher as OpenAlex, NIH and NSF each record them), and their unrejected SAME_AS links (up to 2 steps).
// params: $id: string, $orcid: string or null
// returns: id, name, orcid, openalex, dataset, sourceId
CALL () {
  MATCH (p:Person {id: $id}) RETURN p
  UNION
  MATCH (p:Person {orcid: $orcid}) RETURN p
}
MATCH path = (p)-[:SAME_AS*0..2]-(q:Person)
WHERE all(r IN relationships(path) WHERE r.judgement <> 'rejected')
RETURN DISTINCT q.id AS id, q.name AS name, q.orcid AS orcid, q.openalex AS openalex, q.dataset AS dataset,
       q.sourceId AS sourceId
ORDER BY id
