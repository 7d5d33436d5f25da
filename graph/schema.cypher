// Constraints and indexes shared by Neo4j 5 and the embedded engine, applied idempotently at start-up.
// Backend-specific DDL (the full-text index) is data held by the store adapter, not a copy of this file.
// name: organization_id_unique
// mode: schema
CREATE CONSTRAINT organization_id_unique IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE

;
// name: person_id_unique
// mode: schema
CREATE CONSTRAINT person_id_unique IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE

;
// name: grant_id_unique
// mode: schema
CREATE CONSTRAINT grant_id_unique IF NOT EXISTS FOR (n:Grant) REQUIRE n.id IS UNIQUE

;
// name: publication_id_unique
// mode: schema
CREATE CONSTRAINT publication_id_unique IF NOT EXISTS FOR (n:Publication) REQUIRE n.id IS UNIQUE

;
// name: gift_id_unique
// mode: schema
CREATE CONSTRAINT gift_id_unique IF NOT EXISTS FOR (n:Gift) REQUIRE n.id IS UNIQUE

;
// name: watchlist_id_unique
// mode: schema
CREATE CONSTRAINT watchlist_id_unique IF NOT EXISTS FOR (n:Watchlist) REQUIRE n.id IS UNIQUE

;
// name: organization_name_norm
// mode: schema
CREATE TEXT INDEX organization_name_norm IF NOT EXISTS FOR (n:Organization) ON (n.nameNorm)

;
// name: person_name_norm
// mode: schema
CREATE TEXT INDEX person_name_norm IF NOT EXISTS FOR (n:Person) ON (n.nameNorm)

;
// name: organization_lei
// mode: schema
CREATE INDEX organization_lei IF NOT EXISTS FOR (n:Organization) ON (n.lei)

;
// name: organization_ror
// mode: schema
CREATE INDEX organization_ror IF NOT EXISTS FOR (n:Organization) ON (n.ror)

;
// name: organization_openalex
// mode: schema
CREATE INDEX organization_openalex IF NOT EXISTS FOR (n:Organization) ON (n.openalex)

;
// name: organization_wikidata
// mode: schema
CREATE INDEX organization_wikidata IF NOT EXISTS FOR (n:Organization) ON (n.wikidata)

;
// name: organization_uei
// mode: schema
CREATE INDEX organization_uei IF NOT EXISTS FOR (n:Organization) ON (n.uei)

;
// name: organization_duns
// mode: schema
CREATE INDEX organization_duns IF NOT EXISTS FOR (n:Organization) ON (n.duns)

;
// name: organization_grid
// mode: schema
CREATE INDEX organization_grid IF NOT EXISTS FOR (n:Organization) ON (n.grid)

;
// name: organization_isni
// mode: schema
CREATE INDEX organization_isni IF NOT EXISTS FOR (n:Organization) ON (n.isni)

;
// name: organization_registryId
// mode: schema
CREATE INDEX organization_registryId IF NOT EXISTS FOR (n:Organization) ON (n.registryId)

;
// name: organization_country
// mode: schema
CREATE INDEX organization_country IF NOT EXISTS FOR (n:Organization) ON (n.country)

;
// name: person_orcid
// mode: schema
CREATE INDEX person_orcid IF NOT EXISTS FOR (n:Person) ON (n.orcid)

;
// name: publication_doi
// mode: schema
CREATE INDEX publication_doi IF NOT EXISTS FOR (n:Publication) ON (n.doi)
