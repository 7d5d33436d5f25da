// name: organization_statuses
// summary: Which of the given organization ids are in the graph, with their GLEIF registration status: an ingest
// summary: job writes a partial record (e.g. GLEIF reporting exceptions) only onto a node that already has a name.
// params: $ids: list of strings
// returns: id, registrationStatus
UNWIND $ids AS oid
MATCH (n:Organization {id: oid})
RETURN n.id AS id, n.registrationStatus AS registrationStatus
