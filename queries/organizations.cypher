// name: organizations
// summary: Names, aliases, country, kind and identifiers of organizations, for the in-memory matching index
// summary: (resolve/matcher.py), and how many lists name each one (a shared abbreviation with no country is a
// summary: review when a listed organization holds it) and which (the countries a list's records are in say where
// summary: one without a country is). Read in pages ordered by id so a large graph never needs one
// summary: huge answer.
// params: $afterId: string, $limit: integer
// returns: id, name, aliases, acronyms, country, kind, lei, ror, openalex, wikidata, uei, duns, grid, isni,
// returns: registryId, listings, lists
MATCH (n:Organization)
WHERE n.id > $afterId
// The page first, then its columns: ordered and cut before the lists each row reads (half the engine's work).
WITH n ORDER BY n.id LIMIT $limit
RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.acronyms AS acronyms,
       n.country AS country, n.kind AS kind,
       n.lei AS lei, n.ror AS ror, n.openalex AS openalex, n.wikidata AS wikidata, n.uei AS uei, n.duns AS duns,
       n.grid AS grid, n.isni AS isni, n.registryId AS registryId,
       COUNT { (n)-[:LISTED_ON]->(:Watchlist) } AS listings,
       [(n)-[:LISTED_ON]->(w:Watchlist) | w.id] AS lists
ORDER BY id
