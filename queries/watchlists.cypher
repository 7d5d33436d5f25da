// name: watchlists
// summary: Every watchlist in the graph with the catalogue id, the snapshot its copy was taken from, and how many
// summary: listings point to it (all, and those not ended by $asOf).
// params: $asOf: string (ISO date)
// returns: id, listId, name, authority, snapshot, listings, current
MATCH (w:Watchlist)
OPTIONAL MATCH (w)<-[l:LISTED_ON]-()
WITH w, count(l) AS listings,
     sum(CASE WHEN l IS NOT NULL AND (l.validTo IS NULL OR l.validTo > $asOf) THEN 1 ELSE 0 END) AS current
RETURN w.id AS id, w.listId AS listId, w.name AS name, w.authority AS authority, w.snapshot AS snapshot,
       listings, current
ORDER BY listId, name
