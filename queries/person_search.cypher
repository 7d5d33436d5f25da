// name: person_search
// summary: People whose name or an alias contains every word asked (each word passed in lower, upper and title
// summary: case, so no function runs on the stored names), for name resolution; scored in queries/target.py.
// params: $words: list of lists of strings, $limit: integer
// returns: id, name, aliases, country, orcid
MATCH (p:Person)
WHERE all(forms IN $words WHERE any(w IN forms WHERE p.name CONTAINS w))
   OR any(a IN coalesce(p.aliases, []) WHERE all(forms IN $words WHERE any(w IN forms WHERE a CONTAINS w)))
RETURN p.id AS id, p.name AS name, p.aliases AS aliases, p.country AS country, p.orcid AS orcid
ORDER BY id
LIMIT $limit
