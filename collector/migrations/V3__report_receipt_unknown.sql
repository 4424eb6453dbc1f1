-- Årsring's PostgreSQL store, version 3: a report moved from the embedded store
-- (`arsring-collector store migrate`) has no time of receipt there, only its device and
-- sender; unknown stays unknown rather than being guessed.
ALTER TABLE reports ALTER COLUMN received_at DROP NOT NULL;
