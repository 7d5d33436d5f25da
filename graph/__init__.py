"""The tietrace knowledge graph: the model, the Cypher statements and the store that speaks Bolt."""
