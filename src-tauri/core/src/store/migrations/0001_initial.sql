-- Allybook schema v1: the whole alliance book.
-- Append-only: never edit a released migration; add 0002_*.sql instead.
-- Conventions: ids are INTEGER PRIMARY KEY AUTOINCREMENT (never reused);
-- dates are ISO-8601 TEXT (YYYY-MM-DD for days, RFC 3339 UTC for instants);
-- money is INTEGER minor units plus a 3-letter ISO 4217 currency code;
-- shares and percentages are INTEGER basis points (1% = 100).

PRAGMA application_id = 1098673250; -- 0x417C6C62, "A|lb": marks an Allybook database

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- Our own company: exactly one row.
CREATE TABLE profile (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL DEFAULT '',
    legal_name      TEXT NOT NULL DEFAULT '',
    website         TEXT NOT NULL DEFAULT '',
    domain          TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    country         TEXT NOT NULL DEFAULT '',
    employees       INTEGER CHECK (employees IS NULL OR employees >= 0),
    customer_size_min INTEGER CHECK (customer_size_min IS NULL OR customer_size_min >= 0),
    customer_size_max INTEGER CHECK (customer_size_max IS NULL OR customer_size_max >= 0),
    currency        TEXT NOT NULL DEFAULT 'EUR' CHECK (length(currency) = 3),
    description     TEXT NOT NULL DEFAULT '',
    updated_at      TEXT NOT NULL
) STRICT;

-- Lists on our profile: what we sell, where, to whom, and the gaps we want a partner to fill.
CREATE TABLE profile_item (
    kind     TEXT NOT NULL CHECK (kind IN ('offering', 'service', 'certification', 'region', 'vertical', 'gap')),
    value    TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, value)
) STRICT;

-- Partner companies, from long-list to ended.
CREATE TABLE prospect (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_norm       TEXT NOT NULL,            -- case/diacritics/legal-suffix folded, for de-duplication
    legal_name      TEXT NOT NULL DEFAULT '',
    website         TEXT NOT NULL DEFAULT '',
    domain          TEXT NOT NULL DEFAULT '', -- normalised: no scheme, no www., no path, lower case
    city            TEXT NOT NULL DEFAULT '',
    country         TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    industry        TEXT NOT NULL DEFAULT '',
    employees       INTEGER CHECK (employees IS NULL OR employees >= 0),
    revenue_minor   INTEGER CHECK (revenue_minor IS NULL OR revenue_minor >= 0),
    revenue_currency TEXT CHECK (revenue_currency IS NULL OR length(revenue_currency) = 3),
    founded_year    INTEGER,
    description     TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '', -- e.g. 'demo', 'import:hubspot.csv', 'manual'
    stage           TEXT NOT NULL DEFAULT 'long_list'
                    CHECK (stage IN ('long_list', 'short_list', 'vetting', 'negotiating', 'active', 'paused', 'ended')),
    stage_reason    TEXT NOT NULL DEFAULT '', -- why paused / ended
    stage_since     TEXT NOT NULL,
    next_step       TEXT NOT NULL DEFAULT '',
    culture_score   INTEGER CHECK (culture_score IS NULL OR culture_score BETWEEN 1 AND 5),
    capacity_score  INTEGER CHECK (capacity_score IS NULL OR capacity_score BETWEEN 1 AND 5),
    merged_into     INTEGER REFERENCES prospect(id),
    archived_at     TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX prospect_domain ON prospect(domain) WHERE domain <> '';
CREATE INDEX prospect_name_norm ON prospect(name_norm);
CREATE INDEX prospect_stage ON prospect(stage, archived_at);

-- Regions, verticals, offerings, services and free tags of a prospect.
CREATE TABLE prospect_item (
    prospect_id INTEGER NOT NULL REFERENCES prospect(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('offering', 'service', 'region', 'vertical', 'tag')),
    value       TEXT NOT NULL,
    PRIMARY KEY (prospect_id, kind, value)
) STRICT, WITHOUT ROWID;
CREATE INDEX prospect_item_value ON prospect_item(kind, value);

-- Vendor certifications and competencies, with expiry (ours have prospect_id NULL).
CREATE TABLE certification (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id INTEGER REFERENCES prospect(id) ON DELETE CASCADE,
    vendor      TEXT NOT NULL,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL DEFAULT '',
    expires_on  TEXT,
    verified_on TEXT,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX certification_prospect ON certification(prospect_id);
CREATE INDEX certification_expiry ON certification(expires_on) WHERE expires_on IS NOT NULL;

CREATE TABLE contact (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id INTEGER NOT NULL REFERENCES prospect(id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    title       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT '', -- e.g. 'owner', 'sales', 'technical', 'escalation'
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX contact_prospect ON contact(prospect_id);

-- Notes, calls, meetings and emails, with follow-ups.
CREATE TABLE activity (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id   INTEGER NOT NULL REFERENCES prospect(id) ON DELETE CASCADE,
    contact_id    INTEGER REFERENCES contact(id) ON DELETE SET NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('note', 'call', 'meeting', 'email')),
    occurred_at   TEXT NOT NULL,
    subject       TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '',
    follow_up_on  TEXT,
    follow_up_done_at TEXT,
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX activity_prospect ON activity(prospect_id, occurred_at);
CREATE INDEX activity_follow_up ON activity(follow_up_on) WHERE follow_up_on IS NOT NULL AND follow_up_done_at IS NULL;

-- Every move through the pipeline, with who, when, why and which gate items were skipped.
CREATE TABLE stage_move (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id   INTEGER NOT NULL REFERENCES prospect(id) ON DELETE CASCADE,
    from_stage    TEXT,
    to_stage      TEXT NOT NULL,
    moved_at      TEXT NOT NULL,
    moved_by      TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    skipped_items TEXT NOT NULL DEFAULT '[]' -- JSON array of checklist item labels
) STRICT;
CREATE INDEX stage_move_prospect ON stage_move(prospect_id, moved_at);

-- Stage-gate checklist: the template (editable in Settings) and each prospect's copy.
CREATE TABLE checklist_template (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    stage     TEXT NOT NULL,
    label     TEXT NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0,
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE TABLE checklist_item (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id  INTEGER NOT NULL REFERENCES prospect(id) ON DELETE CASCADE,
    template_id  INTEGER REFERENCES checklist_template(id) ON DELETE SET NULL,
    stage        TEXT NOT NULL,
    label        TEXT NOT NULL,
    done_on      TEXT,
    done_by      TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX checklist_item_prospect ON checklist_item(prospect_id, stage);

-- Vetting scorecards: criteria template, then one scorecard per vetting round.
CREATE TABLE scorecard_criterion (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    name      TEXT NOT NULL,
    weight    INTEGER NOT NULL CHECK (weight > 0),
    must_have INTEGER NOT NULL DEFAULT 0 CHECK (must_have IN (0, 1)),
    position  INTEGER NOT NULL DEFAULT 0,
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE TABLE scorecard (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id     INTEGER NOT NULL REFERENCES prospect(id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    total           INTEGER CHECK (total IS NULL OR total BETWEEN 0 AND 100),
    decision        TEXT CHECK (decision IS NULL OR decision IN ('go', 'no_go', 'more_diligence')),
    decided_on      TEXT,
    decided_by      TEXT NOT NULL DEFAULT '',
    rationale       TEXT NOT NULL DEFAULT '',
    override_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE TABLE scorecard_score (
    scorecard_id   INTEGER NOT NULL REFERENCES scorecard(id) ON DELETE CASCADE,
    criterion_id   INTEGER REFERENCES scorecard_criterion(id) ON DELETE SET NULL,
    criterion_name TEXT NOT NULL, -- snapshot: the scorecard stays readable if the template changes
    weight         INTEGER NOT NULL CHECK (weight > 0),
    must_have      INTEGER NOT NULL CHECK (must_have IN (0, 1)),
    score          INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 5),
    evidence       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (scorecard_id, criterion_name)
) STRICT;

-- Contracts with a partner and their versions. Terms of engagement live in each version
-- as JSON in the shape the app uses; the dates reminders need are columns.
CREATE TABLE contract (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id INTEGER NOT NULL REFERENCES prospect(id),
    title       TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX contract_prospect ON contract(prospect_id);
CREATE TABLE contract_version (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id       INTEGER NOT NULL REFERENCES contract(id) ON DELETE CASCADE,
    version           INTEGER NOT NULL CHECK (version >= 1),
    status            TEXT NOT NULL DEFAULT 'draft'
                      CHECK (status IN ('draft', 'sent', 'signed', 'active', 'expired', 'terminated')),
    template_version  TEXT NOT NULL DEFAULT '',
    terms_json        TEXT NOT NULL DEFAULT '{}',
    clauses_json      TEXT NOT NULL DEFAULT '[]', -- switched-off, alternative and custom clauses
    effective_on      TEXT,
    expires_on        TEXT,
    notice_days       INTEGER CHECK (notice_days IS NULL OR notice_days >= 0),
    share_bp          INTEGER CHECK (share_bp IS NULL OR share_bp BETWEEN 0 AND 10000),
    share_currency    TEXT CHECK (share_currency IS NULL OR length(share_currency) = 3),
    protection_days   INTEGER CHECK (protection_days IS NULL OR protection_days >= 0),
    signed_on         TEXT,
    attachment_name   TEXT,
    attachment_sha256 TEXT,
    note              TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    created_by        TEXT NOT NULL DEFAULT '',
    UNIQUE (contract_id, version)
) STRICT;
CREATE TRIGGER contract_version_frozen
BEFORE UPDATE OF terms_json, clauses_json, effective_on, expires_on, notice_days, share_bp, share_currency, protection_days
ON contract_version
WHEN OLD.status IN ('signed', 'active', 'expired', 'terminated')
BEGIN
    SELECT RAISE(ABORT, 'a signed contract version is frozen: edit a new draft instead');
END;

-- Joint opportunities with a partner.
CREATE TABLE opportunity (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id       INTEGER NOT NULL REFERENCES prospect(id),
    contract_id       INTEGER REFERENCES contract(id),
    customer          TEXT NOT NULL CHECK (length(trim(customer)) > 0),
    customer_norm     TEXT NOT NULL,
    customer_domain   TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL DEFAULT '',
    value_minor       INTEGER NOT NULL CHECK (value_minor >= 0),
    currency          TEXT NOT NULL CHECK (length(currency) = 3),
    stage             TEXT NOT NULL DEFAULT 'identified'
                      CHECK (stage IN ('identified', 'qualified', 'proposal', 'won', 'lost')),
    lost_reason       TEXT NOT NULL DEFAULT '',
    expected_close_on TEXT,
    closed_on         TEXT,
    led_by            TEXT NOT NULL DEFAULT 'us' CHECK (led_by IN ('us', 'partner')),
    share_bp          INTEGER CHECK (share_bp IS NULL OR share_bp BETWEEN 0 AND 10000),
    next_step         TEXT NOT NULL DEFAULT '',
    next_step_on      TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
CREATE INDEX opportunity_prospect ON opportunity(prospect_id, stage);

-- Lead registrations under a contract, with protection windows and conflicts.
CREATE TABLE lead_registration (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    prospect_id       INTEGER NOT NULL REFERENCES prospect(id),
    contract_id       INTEGER REFERENCES contract(id),
    customer          TEXT NOT NULL CHECK (length(trim(customer)) > 0),
    customer_norm     TEXT NOT NULL,
    customer_domain   TEXT NOT NULL DEFAULT '',
    registered_by     TEXT NOT NULL CHECK (registered_by IN ('us', 'partner')),
    registered_on     TEXT NOT NULL,
    expires_on        TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'converted', 'expired', 'withdrawn')),
    conflict_with     INTEGER REFERENCES lead_registration(id),
    conflict_decision TEXT NOT NULL DEFAULT '',
    conflict_decided_at TEXT,
    notes             TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL
) STRICT;
CREATE INDEX lead_registration_customer ON lead_registration(customer_norm);
CREATE INDEX lead_registration_domain ON lead_registration(customer_domain) WHERE customer_domain <> '';

-- Default stage-gate checklist (from the field's vetting practice; editable in Settings).
INSERT INTO checklist_template (stage, label, position) VALUES
    ('short_list',  'Offering complements ours (no core overlap)', 1),
    ('short_list',  'Region and customer size fit', 2),
    ('vetting',     'NDA signed before sharing customer data', 1),
    ('vetting',     'References checked that match our situation', 2),
    ('vetting',     'Vendor certifications verified', 3),
    ('vetting',     'Financial standing and good standing checked', 4),
    ('vetting',     'Litigation and reputation checked', 5),
    ('vetting',     'Security posture and insurance reviewed', 6),
    ('vetting',     'Their support channel tested', 7),
    ('vetting',     'Customer overlap reviewed', 8),
    ('vetting',     'Culture conversation held', 9),
    ('negotiating', 'Key terms agreed in writing', 1),
    ('negotiating', 'Exit plan written', 2),
    ('active',      'Agreement signed by both parties', 1),
    ('active',      'First joint review scheduled', 2);

-- Default vetting scorecard criteria.
INSERT INTO scorecard_criterion (name, weight, must_have, position) VALUES
    ('Complementary offering', 20, 1, 1),
    ('Certifications and competencies', 15, 1, 2),
    ('References', 15, 1, 3),
    ('Financial stability', 10, 1, 4),
    ('Security posture', 10, 0, 5),
    ('Geographic fit', 10, 0, 6),
    ('Culture fit', 10, 0, 7),
    ('Capacity to commit resources', 10, 0, 8);
