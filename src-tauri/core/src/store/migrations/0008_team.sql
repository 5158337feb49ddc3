-- v8: team books (issue 16). Empty in a single-user book; `team create` or `team join` fills
-- them. The Automerge documents are the team's shared truth; these tables are what this laptop
-- needs to keep its SQLite book (the query copy) and those documents in step.

-- The team this book belongs to (one row, or none for a single-user book).
CREATE TABLE team (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    book_id   TEXT NOT NULL,  -- the team book's id, the same on every laptop
    relay     TEXT NOT NULL,  -- the relay's address, e.g. ws://sync.example.net:3030
    secret    TEXT NOT NULL,  -- proves membership to the relay
    actor     TEXT NOT NULL,  -- this laptop's Automerge actor id (hex): who made a change
    member    TEXT NOT NULL,  -- this laptop's user, as the others see them
    role      TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    joined_at TEXT NOT NULL
) STRICT;

-- Global ids: the integer ids stay the local keys; a record's global id names it on every laptop.
CREATE TABLE sync_gid (
    tbl      TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    gid      TEXT NOT NULL UNIQUE,
    PRIMARY KEY (tbl, local_id)
) STRICT, WITHOUT ROWID;

-- Local writes the relay has not confirmed, written by triggers in the same transaction as the
-- write (so a kill between the two loses nothing). `field` is set when the user chose a value
-- for a field in conflict: that field is written even if the document's winner already equals it.
-- `flushed` is the change that wrote the row into its document ('' when nothing needed writing),
-- NULL until then: a row is written once, never again after other laptops' later edits arrive
-- (that would undo them), unless its change is missing from the document (lost in a crash).
CREATE TABLE sync_outbox (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    tbl     TEXT NOT NULL,
    row_key TEXT NOT NULL,  -- JSON array of the row's key columns
    field   TEXT,
    flushed TEXT
) STRICT;

-- The team book's documents and, per document, the heads this book last projected.
CREATE TABLE sync_doc (
    bucket          INTEGER PRIMARY KEY,
    doc_id          TEXT NOT NULL,
    projected_heads TEXT NOT NULL DEFAULT '[]'
) STRICT;

-- Fields two laptops set concurrently: every value, who set it and when. Cleared when one
-- value is chosen (on any laptop).
CREATE TABLE sync_conflict (
    tbl         TEXT NOT NULL,
    rkey        TEXT NOT NULL,
    field       TEXT NOT NULL,
    values_json TEXT NOT NULL,  -- [{"value", "by", "at"}]
    found_at    TEXT NOT NULL,
    PRIMARY KEY (tbl, rkey, field)
) STRICT;

-- Records a merge brought that this book cannot take as they are (a rule they break, a record
-- they refer to that is gone): shown, never silently dropped.
CREATE TABLE sync_problem (
    tbl      TEXT NOT NULL,
    rkey     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    found_at TEXT NOT NULL,
    PRIMARY KEY (tbl, rkey)
) STRICT;

-- `tracking` is 1 in a team book (its writes go to the outbox); `applying` is 1 while a merge is
-- being written into the tables, so the outbox triggers do not echo it back.
CREATE TABLE sync_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    tracking INTEGER NOT NULL DEFAULT 0 CHECK (tracking IN (0, 1)),
    applying INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1))
) STRICT;
INSERT INTO sync_state (id, tracking, applying) VALUES (1, 0, 0);


-- The outbox triggers: every write of a synced column lists the row, in the write's own
-- transaction, once the book is a team book (`tracking`) and unless the write is a merge being
-- applied (`applying`). One trigger per table and kind of write; their column lists are the
-- synced columns (`store::sync::TABLES`: all but the integer id and derived columns), which a
-- test checks against the tables.
CREATE TRIGGER sync_settings_ai AFTER INSERT ON settings WHEN (SELECT tracking AND NOT applying FROM sync_state) AND NEW.key IN ('fit_weights', 'scorecard_thresholds', 'stuck_days', 'document_language') BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('settings', json_array(NEW.key));
END;
CREATE TRIGGER sync_settings_au AFTER UPDATE OF key, value ON settings
WHEN (SELECT tracking AND NOT applying FROM sync_state) AND NEW.key IN ('fit_weights', 'scorecard_thresholds', 'stuck_days', 'document_language') BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('settings', json_array(NEW.key));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'settings', json_array(OLD.key) WHERE json_array(OLD.key) <> json_array(NEW.key);
END;
CREATE TRIGGER sync_settings_ad AFTER DELETE ON settings WHEN (SELECT tracking AND NOT applying FROM sync_state) AND OLD.key IN ('fit_weights', 'scorecard_thresholds', 'stuck_days', 'document_language') BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('settings', json_array(OLD.key));
END;
CREATE TRIGGER sync_profile_ai AFTER INSERT ON profile WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('profile', json_array(NEW.id));
END;
CREATE TRIGGER sync_profile_au AFTER UPDATE OF id, name, legal_name, website, domain, address, country, employees, customer_size_min, customer_size_max, currency, description, updated_at ON profile
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('profile', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'profile', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_profile_ad AFTER DELETE ON profile WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('profile', json_array(OLD.id));
END;
CREATE TRIGGER sync_profile_item_ai AFTER INSERT ON profile_item WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('profile_item', json_array(NEW.kind, NEW.value));
END;
CREATE TRIGGER sync_profile_item_au AFTER UPDATE OF kind, value, position ON profile_item
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('profile_item', json_array(NEW.kind, NEW.value));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'profile_item', json_array(OLD.kind, OLD.value) WHERE json_array(OLD.kind, OLD.value) <> json_array(NEW.kind, NEW.value);
END;
CREATE TRIGGER sync_profile_item_ad AFTER DELETE ON profile_item WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('profile_item', json_array(OLD.kind, OLD.value));
END;
CREATE TRIGGER sync_checklist_template_ai AFTER INSERT ON checklist_template WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('checklist_template', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('checklist_template', json_array(NEW.id));
END;
CREATE TRIGGER sync_checklist_template_au AFTER UPDATE OF stage, label, position, active ON checklist_template
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('checklist_template', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'checklist_template', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_checklist_template_ad AFTER DELETE ON checklist_template WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('checklist_template', json_array(OLD.id));
END;
CREATE TRIGGER sync_scorecard_criterion_ai AFTER INSERT ON scorecard_criterion WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('scorecard_criterion', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('scorecard_criterion', json_array(NEW.id));
END;
CREATE TRIGGER sync_scorecard_criterion_au AFTER UPDATE OF name, weight, must_have, position, active ON scorecard_criterion
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('scorecard_criterion', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'scorecard_criterion', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_scorecard_criterion_ad AFTER DELETE ON scorecard_criterion WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('scorecard_criterion', json_array(OLD.id));
END;
CREATE TRIGGER sync_clause_template_ai AFTER INSERT ON clause_template WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('clause_template', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('clause_template', json_array(NEW.id));
END;
CREATE TRIGGER sync_clause_template_au AFTER UPDATE OF name, based_on, texts_json, created_at, created_by ON clause_template
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('clause_template', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'clause_template', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_clause_template_ad AFTER DELETE ON clause_template WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('clause_template', json_array(OLD.id));
END;
CREATE TRIGGER sync_prospect_ai AFTER INSERT ON prospect WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('prospect', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('prospect', json_array(NEW.id));
END;
CREATE TRIGGER sync_prospect_au AFTER UPDATE OF name, legal_name, website, domain, city, country, address, industry, employees, revenue_minor, revenue_currency, founded_year, description, source, stage, stage_reason, stage_since, next_step, culture_score, capacity_score, merged_into, archived_at, created_at, updated_at ON prospect
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('prospect', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'prospect', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_prospect_ad AFTER DELETE ON prospect WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('prospect', json_array(OLD.id));
END;
CREATE TRIGGER sync_prospect_item_ai AFTER INSERT ON prospect_item WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('prospect_item', json_array(NEW.prospect_id, NEW.kind, NEW.value));
END;
CREATE TRIGGER sync_prospect_item_au AFTER UPDATE OF prospect_id, kind, value ON prospect_item
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('prospect_item', json_array(NEW.prospect_id, NEW.kind, NEW.value));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'prospect_item', json_array(OLD.prospect_id, OLD.kind, OLD.value) WHERE json_array(OLD.prospect_id, OLD.kind, OLD.value) <> json_array(NEW.prospect_id, NEW.kind, NEW.value);
END;
CREATE TRIGGER sync_prospect_item_ad AFTER DELETE ON prospect_item WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('prospect_item', json_array(OLD.prospect_id, OLD.kind, OLD.value));
END;
CREATE TRIGGER sync_certification_ai AFTER INSERT ON certification WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('certification', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('certification', json_array(NEW.id));
END;
CREATE TRIGGER sync_certification_au AFTER UPDATE OF prospect_id, vendor, name, level, expires_on, verified_on, created_at ON certification
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('certification', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'certification', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_certification_ad AFTER DELETE ON certification WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('certification', json_array(OLD.id));
END;
CREATE TRIGGER sync_contact_ai AFTER INSERT ON contact WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('contact', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contact', json_array(NEW.id));
END;
CREATE TRIGGER sync_contact_au AFTER UPDATE OF prospect_id, name, title, email, phone, role, notes, created_at, updated_at ON contact
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contact', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'contact', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_contact_ad AFTER DELETE ON contact WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contact', json_array(OLD.id));
END;
CREATE TRIGGER sync_activity_ai AFTER INSERT ON activity WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('activity', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('activity', json_array(NEW.id));
END;
CREATE TRIGGER sync_activity_au AFTER UPDATE OF prospect_id, contact_id, kind, occurred_at, subject, body, follow_up_on, follow_up_done_at, created_by, created_at ON activity
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('activity', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'activity', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_activity_ad AFTER DELETE ON activity WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('activity', json_array(OLD.id));
END;
CREATE TRIGGER sync_stage_move_ai AFTER INSERT ON stage_move WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('stage_move', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('stage_move', json_array(NEW.id));
END;
CREATE TRIGGER sync_stage_move_au AFTER UPDATE OF prospect_id, from_stage, to_stage, moved_at, moved_by, note, skipped_items ON stage_move
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('stage_move', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'stage_move', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_stage_move_ad AFTER DELETE ON stage_move WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('stage_move', json_array(OLD.id));
END;
CREATE TRIGGER sync_checklist_item_ai AFTER INSERT ON checklist_item WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('checklist_item', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('checklist_item', json_array(NEW.id));
END;
CREATE TRIGGER sync_checklist_item_au AFTER UPDATE OF prospect_id, template_id, stage, label, done_on, done_by, note ON checklist_item
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('checklist_item', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'checklist_item', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_checklist_item_ad AFTER DELETE ON checklist_item WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('checklist_item', json_array(OLD.id));
END;
CREATE TRIGGER sync_scorecard_ai AFTER INSERT ON scorecard WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('scorecard', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('scorecard', json_array(NEW.id));
END;
CREATE TRIGGER sync_scorecard_au AFTER UPDATE OF prospect_id, created_at, total, decision, decided_on, decided_by, rationale, override_reason ON scorecard
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('scorecard', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'scorecard', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_scorecard_ad AFTER DELETE ON scorecard WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('scorecard', json_array(OLD.id));
END;
CREATE TRIGGER sync_scorecard_score_ai AFTER INSERT ON scorecard_score WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('scorecard_score', json_array(NEW.scorecard_id, NEW.criterion_name));
END;
CREATE TRIGGER sync_scorecard_score_au AFTER UPDATE OF scorecard_id, criterion_id, criterion_name, weight, must_have, score, evidence ON scorecard_score
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('scorecard_score', json_array(NEW.scorecard_id, NEW.criterion_name));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'scorecard_score', json_array(OLD.scorecard_id, OLD.criterion_name) WHERE json_array(OLD.scorecard_id, OLD.criterion_name) <> json_array(NEW.scorecard_id, NEW.criterion_name);
END;
CREATE TRIGGER sync_scorecard_score_ad AFTER DELETE ON scorecard_score WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('scorecard_score', json_array(OLD.scorecard_id, OLD.criterion_name));
END;
CREATE TRIGGER sync_contract_ai AFTER INSERT ON contract WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('contract', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contract', json_array(NEW.id));
END;
CREATE TRIGGER sync_contract_au AFTER UPDATE OF prospect_id, title, created_at ON contract
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contract', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'contract', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_contract_ad AFTER DELETE ON contract WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contract', json_array(OLD.id));
END;
CREATE TRIGGER sync_contract_version_ai AFTER INSERT ON contract_version WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('contract_version', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contract_version', json_array(NEW.id));
END;
CREATE TRIGGER sync_contract_version_au AFTER UPDATE OF contract_id, version, status, template_version, terms_json, clauses_json, effective_on, expires_on, notice_days, share_bp, share_currency, protection_days, signed_on, attachment_name, attachment_sha256, note, created_at, created_by ON contract_version
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contract_version', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'contract_version', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_contract_version_ad AFTER DELETE ON contract_version WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contract_version', json_array(OLD.id));
END;
CREATE TRIGGER sync_contract_event_ai AFTER INSERT ON contract_event WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('contract_event', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contract_event', json_array(NEW.id));
END;
CREATE TRIGGER sync_contract_event_au AFTER UPDATE OF version_id, status, happened_on, reason, signatories_json, recorded_at, recorded_by ON contract_event
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contract_event', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'contract_event', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_contract_event_ad AFTER DELETE ON contract_event WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('contract_event', json_array(OLD.id));
END;
CREATE TRIGGER sync_opportunity_ai AFTER INSERT ON opportunity WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('opportunity', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('opportunity', json_array(NEW.id));
END;
CREATE TRIGGER sync_opportunity_au AFTER UPDATE OF prospect_id, contract_id, customer, customer_domain, description, value_minor, currency, stage, lost_reason, expected_close_on, closed_on, led_by, share_bp, next_step, next_step_on, created_at, updated_at ON opportunity
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('opportunity', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'opportunity', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_opportunity_ad AFTER DELETE ON opportunity WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('opportunity', json_array(OLD.id));
END;
CREATE TRIGGER sync_lead_registration_ai AFTER INSERT ON lead_registration WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT OR IGNORE INTO sync_gid (tbl, local_id, gid) VALUES ('lead_registration', NEW.id, lower(hex(randomblob(16))));
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('lead_registration', json_array(NEW.id));
END;
CREATE TRIGGER sync_lead_registration_au AFTER UPDATE OF prospect_id, contract_id, customer, customer_domain, registered_by, registered_on, expires_on, status, conflict_with, conflict_decision, conflict_decided_at, notes, created_at ON lead_registration
WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('lead_registration', json_array(NEW.id));
    INSERT INTO sync_outbox (tbl, row_key) SELECT 'lead_registration', json_array(OLD.id) WHERE json_array(OLD.id) <> json_array(NEW.id);
END;
CREATE TRIGGER sync_lead_registration_ad AFTER DELETE ON lead_registration WHEN (SELECT tracking AND NOT applying FROM sync_state) BEGIN
    INSERT INTO sync_outbox (tbl, row_key) VALUES ('lead_registration', json_array(OLD.id));
END;
