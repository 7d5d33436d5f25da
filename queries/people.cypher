// name: people
// summary: Names, aliases, country and ORCID of persons, for the in-memory person matching index that screens the
// summary: person of a collaborator row (NSF COA rows: a name and an affiliation). Read in pages ordered by id.
// params: $afterId: string, $limit: integer
// returns: id, name, aliases, country, orcid
MATCH (n:Person)
WHERE n.id > $afterId
RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.country AS country, n.orcid AS orcid
ORDER BY id
LIMIT $limit
