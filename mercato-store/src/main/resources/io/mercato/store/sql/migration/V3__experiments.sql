-- Experiment definitions (issue 20; mercato-store, io.mercato.store.sql.JdbcExperimentRepository). One script
-- for H2 (embedded) and PostgreSQL. Every version of an experiment is a row and rows are never updated:
-- a change adds version latest + 1, so what ran when stays on record. The definition is its JSON form
-- (io.mercato.core.experiment.ExperimentJson, pinned by a test): arms carry kind-specific payloads that
-- columns would fit badly. Keys are at most 64 characters (ExperimentRules.KEY); a definition is at most
-- ten arms, a 4,096-character condition and a hundred campaign holdouts, far below 262,144 characters.

CREATE TABLE experiment_versions (
  experiment_key VARCHAR(64) NOT NULL,
  version        INTEGER NOT NULL,
  definition     VARCHAR(262144) NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (experiment_key, version),
  CONSTRAINT experiment_versions_version CHECK (version >= 1)
);
