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

-- The book's own wording of standard clauses, as template versions of its own ("own-1",
-- "own-2", …): each is a standard template with some clause texts replaced. Append-only, like
-- the standard templates: a contract version names the template it was written with.
CREATE TABLE clause_template (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE,
    based_on    TEXT NOT NULL,
    -- {"clause id": "its text", …}: the clauses worded differently from `based_on`.
    texts_json  TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TRIGGER clause_template_is_append_only
BEFORE UPDATE ON clause_template
BEGIN
    SELECT RAISE(ABORT, 'a clause template is never changed: save a new one');
END;
CREATE TRIGGER clause_template_is_kept
BEFORE DELETE ON clause_template
BEGIN
    SELECT RAISE(ABORT, 'a clause template is kept: contract versions name it');
END;
