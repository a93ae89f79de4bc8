-- One database per stateful service (docs/architecture.md); each service migrates its own schema
-- with Flyway at start-up. The gateway is stateless.
CREATE DATABASE vigil_enrichment;
CREATE DATABASE vigil_saga;
