-- v2: full-text search across prospects, contacts and notes; a stored fit score for ranking.

-- The fit score (0-100) against our profile, kept current by the core whenever a prospect,
-- the profile or the weights change; NULL until first computed. Ranked pages sort on it.
ALTER TABLE prospect ADD COLUMN fit_score INTEGER CHECK (fit_score IS NULL OR fit_score BETWEEN 0 AND 100);
CREATE INDEX prospect_fit ON prospect(fit_score DESC, name) WHERE archived_at IS NULL AND merged_into IS NULL;

-- One row per searchable thing. Diacritics are folded ("muller" finds "Müller"), case ignored.
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED,        -- 'prospect', 'contact' or 'activity'
    ref_id UNINDEXED,      -- id in its own table
    prospect_id UNINDEXED, -- the prospect it belongs to
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- A bulk import sets settings.bulk_import inside its transaction and indexes its rows with one
-- INSERT ... SELECT at the end: FTS5 flushes its pending terms at every statement savepoint, so
-- indexing row by row from a trigger costs ten times more.
CREATE TRIGGER search_prospect_ai AFTER INSERT ON prospect
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'bulk_import') BEGIN
    INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
    VALUES ('prospect', NEW.id, NEW.id, NEW.name,
            concat_ws(' ', NEW.domain, NEW.city, NEW.country, NEW.industry, NEW.description));
END;
CREATE TRIGGER search_prospect_au AFTER UPDATE OF name, domain, city, country, industry, description ON prospect
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'bulk_import') BEGIN
    DELETE FROM search_index WHERE kind = 'prospect' AND ref_id = OLD.id;
    INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
    VALUES ('prospect', NEW.id, NEW.id, NEW.name,
            concat_ws(' ', NEW.domain, NEW.city, NEW.country, NEW.industry, NEW.description));
END;
CREATE TRIGGER search_prospect_ad AFTER DELETE ON prospect BEGIN
    DELETE FROM search_index WHERE prospect_id = OLD.id;
END;

CREATE TRIGGER search_contact_ai AFTER INSERT ON contact BEGIN
    INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
    VALUES ('contact', NEW.id, NEW.prospect_id, NEW.name,
            concat_ws(' ', NEW.title, NEW.email, NEW.phone, NEW.notes));
END;
CREATE TRIGGER search_contact_au AFTER UPDATE ON contact BEGIN
    DELETE FROM search_index WHERE kind = 'contact' AND ref_id = OLD.id;
    INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
    VALUES ('contact', NEW.id, NEW.prospect_id, NEW.name,
            concat_ws(' ', NEW.title, NEW.email, NEW.phone, NEW.notes));
END;
CREATE TRIGGER search_contact_ad AFTER DELETE ON contact BEGIN
    DELETE FROM search_index WHERE kind = 'contact' AND ref_id = OLD.id;
END;

CREATE TRIGGER search_activity_ai AFTER INSERT ON activity BEGIN
    INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
    VALUES ('activity', NEW.id, NEW.prospect_id, NEW.subject, NEW.body);
END;
CREATE TRIGGER search_activity_au AFTER UPDATE OF subject, body, prospect_id ON activity BEGIN
    DELETE FROM search_index WHERE kind = 'activity' AND ref_id = OLD.id;
    INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
    VALUES ('activity', NEW.id, NEW.prospect_id, NEW.subject, NEW.body);
END;
CREATE TRIGGER search_activity_ad AFTER DELETE ON activity BEGIN
    DELETE FROM search_index WHERE kind = 'activity' AND ref_id = OLD.id;
END;

-- Index what v1 already holds.
INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
SELECT 'prospect', id, id, name, concat_ws(' ', domain, city, country, industry, description) FROM prospect;
INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
SELECT 'contact', id, prospect_id, name, concat_ws(' ', title, email, phone, notes) FROM contact;
INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
SELECT 'activity', id, prospect_id, subject, body FROM activity;
