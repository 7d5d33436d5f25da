// name: dataset_organizations
// summary: The ids of the organizations a dataset (an ingest source) wrote: what resolution matches after an
// summary: ingest, against every organization in the graph.
// params: $dataset: string
// returns: id
MATCH (o:Organization)
WHERE o.dataset = $dataset
RETURN o.id AS id
ORDER BY id
