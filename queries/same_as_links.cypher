// name: same_as_links
// summary: Every SAME_AS judgement between organizations, for the matching index (resolve/matcher.py) to collapse
// summary: the records of one organization into one screening candidate; rejected ones keep two sides apart, and
// summary: so do records with different identifiers of one scheme (aKeys, bKeys, as in twins.cypher).
// params: none
// returns: a, b, judgement, score, aKeys, bKeys
MATCH (a:Organization)-[s:SAME_AS]->(b:Organization)
WHERE a.id < b.id
RETURN a.id AS a, b.id AS b, s.judgement AS judgement, s.score AS score,
       [a.lei, a.ror, a.registryId, a.dataset] AS aKeys, [b.lei, b.ror, b.registryId, b.dataset] AS bKeys
