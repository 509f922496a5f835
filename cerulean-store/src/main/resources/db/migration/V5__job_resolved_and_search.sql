-- A job's resolved inputs (the exact code snapshot and input versions it runs with) apart from its
-- spec, and where a search job (sweep, AutoML) stands, as the engine records it.
ALTER TABLE jobs ADD COLUMN resolved_json VARCHAR;
ALTER TABLE jobs ADD COLUMN search_json VARCHAR;
