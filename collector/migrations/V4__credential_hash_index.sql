-- Årsring's PostgreSQL store, version 4: a device key not yet known to a collector (enrolled
-- through another a moment ago) is looked up by its hash; keys are 256 random bits, so a
-- hash names one credential.
CREATE UNIQUE INDEX credentials_hash ON credentials (hash);
