// name: unmirrored_judgements
// summary: SAME_AS judgements written in one direction only (graphs resolved before judgements were written in
// summary: both directions), with everything needed to write their mirror unchanged.
// params: (none)
// returns: a, b, judgement, score, method, evidence, decidedAt, decidedBy, sourceId, retrievedAt
MATCH (a:Organization)-[r:SAME_AS]->(b:Organization)
WHERE NOT EXISTS { MATCH (b)-[:SAME_AS]->(a) }
RETURN a.id AS a, b.id AS b, r.judgement AS judgement, r.score AS score, r.method AS method,
       r.evidence AS evidence, r.decidedAt AS decidedAt, r.decidedBy AS decidedBy, r.sourceId AS sourceId,
       r.retrievedAt AS retrievedAt
ORDER BY a, b
