// name: twins
// summary: The resolution judgements around the given organizations: every SAME_AS relationship on a chain of at
// summary: most 3 unrejected SAME_AS steps from one of them, and the rejected ones touching that cluster. Clusters
// summary: are formed in queries/identity.py, where a rejected pair keeps its two sides apart, and so do two records
// summary: that carry different identifiers of one scheme (aKeys, bKeys: LEI, ROR, a registry number of a dataset).
// params: $ids: list of strings
// returns: a, b, judgement, score, aKeys, bKeys
UNWIND $ids AS oid
MATCH (o:Organization {id: oid})
MATCH p = (o)-[:SAME_AS*0..3]->(t:Organization)
WHERE all(s IN relationships(p) WHERE s.judgement <> 'rejected')
WITH DISTINCT t
MATCH (t)-[s:SAME_AS]->(u:Organization)
RETURN DISTINCT t.id AS a, u.id AS b, s.judgement AS judgement, s.score AS score,
       [t.lei, t.ror, t.registryId, t.dataset] AS aKeys, [u.lei, u.ror, u.registryId, u.dataset] AS bKeys
