// name: reporting_exceptions
// summary: GLEIF reporting exceptions of organizations (why GLEIF reports no direct or ultimate parent: natural
// summary: persons, non-consolidating, no known person, non-public...), with the record they come from.
// params: $ids: list of strings
// returns: id, name, directReasons, directReference, directAsOf, ultimateReasons, ultimateReference, ultimateAsOf, dataset, sourceId, retrievedAt
UNWIND $ids AS oid
MATCH (n:Organization {id: oid})
WITH n
WHERE n.directParentExceptionReasons IS NOT NULL OR n.ultimateParentExceptionReasons IS NOT NULL
RETURN n.id AS id, n.name AS name,
       n.directParentExceptionReasons AS directReasons, n.directParentExceptionReference AS directReference,
       n.directParentExceptionAsOf AS directAsOf,
       n.ultimateParentExceptionReasons AS ultimateReasons, n.ultimateParentExceptionReference AS ultimateReference,
       n.ultimateParentExceptionAsOf AS ultimateAsOf,
       n.dataset AS dataset, n.sourceId AS sourceId, n.retrievedAt AS retrievedAt
