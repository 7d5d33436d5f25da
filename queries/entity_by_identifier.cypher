// name: entity_by_identifier
// summary: Organizations or people holding an identifier. Exactly one parameter is a value, the others are null;
// summary: each branch is anchored on an indexed property, and a null value matches nothing.
// params: $lei: string or null, $ror: string or null, $openalex: string or null, $wikidata: string or null, $uei: string or null, $duns: string or null, $grid: string or null, $isni: string or null, $registryId: string or null, $orcid: string or null
// returns: id, name, country, kind, labels
CALL () {
  MATCH (n:Organization {lei: $lei}) RETURN n
  UNION MATCH (n:Organization {ror: $ror}) RETURN n
  UNION MATCH (n:Organization {openalex: $openalex}) RETURN n
  UNION MATCH (n:Organization {wikidata: $wikidata}) RETURN n
  UNION MATCH (n:Organization {uei: $uei}) RETURN n
  UNION MATCH (n:Organization {duns: $duns}) RETURN n
  UNION MATCH (n:Organization {grid: $grid}) RETURN n
  UNION MATCH (n:Organization {isni: $isni}) RETURN n
  UNION MATCH (n:Organization {registryId: $registryId}) RETURN n
  UNION MATCH (n:Person {orcid: $orcid}) RETURN n
}
RETURN n.id AS id, n.name AS name, n.country AS country, n.kind AS kind, labels(n) AS labels
ORDER BY id
