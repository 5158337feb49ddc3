-- v5: the status changes of a contract version that matter later, as a record: signing (its
-- date and who signed for each party), activation, expiry and termination (date and reason).
-- Never edited; the version's own row keeps its current status and dates.
CREATE TABLE contract_event (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    version_id       INTEGER NOT NULL REFERENCES contract_version(id) ON DELETE CASCADE,
    status           TEXT NOT NULL
                     CHECK (status IN ('draft', 'sent', 'signed', 'active', 'expired', 'terminated')),
    happened_on      TEXT NOT NULL,
    reason           TEXT NOT NULL DEFAULT '',
    -- [{"party": "us" | "partner", "name": "…", "role": "…"}] for a signing.
    signatories_json TEXT NOT NULL DEFAULT '[]',
    recorded_at      TEXT NOT NULL,
    recorded_by      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX contract_event_version ON contract_event(version_id, id);
CREATE TRIGGER contract_event_is_a_record
BEFORE UPDATE ON contract_event
BEGIN
    SELECT RAISE(ABORT, 'a contract event is a record: it is never edited');
END;
