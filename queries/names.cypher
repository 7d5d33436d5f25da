// name: names
// summary: Every name the graph holds for some organizations and persons (main name, aliases, previous names),
// summary: for the display-name rule of resolve/display.py, applied over each SAME_AS cluster by queries/display.py.
// params: $ids: list of strings
// returns: id, name, aliases, previousNames
UNWIND $ids AS i
OPTIONAL MATCH (o:Organization {id: i})
OPTIONAL MATCH (p:Person {id: i})
WITH coalesce(o, p) AS n
WHERE n IS NOT NULL
RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.previousNames AS previousNames
