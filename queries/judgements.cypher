// name: judgements
// summary: Resolution judgements between organizations of the given kinds (confirmed, rejected, auto): the pairs
// summary: people decided, which every later resolution run must respect. One row per pair (each is written in
// summary: both directions; the row is the direction from the smaller id).
// params: $kinds: list of strings
// returns: a, b, judgement, score, method, decidedBy, decidedAt
MATCH (a:Organization)-[r:SAME_AS]->(b:Organization)
WHERE r.judgement IN $kinds AND a.id < b.id
RETURN a.id AS a, b.id AS b, r.judgement AS judgement, r.score AS score, r.method AS method,
       r.decidedBy AS decidedBy, r.decidedAt AS decidedAt
ORDER BY a, b
