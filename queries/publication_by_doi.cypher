// name: publication_by_doi
// summary: The publication already in the graph with this DOI (lower case, no doi.org prefix), so that a second
// summary: source describing the same work (an acknowledgement passage after OpenAlex) meets its node.
// params: $doi: string
// returns: id
MATCH (p:Publication)
WHERE p.doi = $doi
RETURN p.id AS id
ORDER BY id
LIMIT 1
