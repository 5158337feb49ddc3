-- v6: prospects a bulk import has not indexed for search yet. A large import commits its rows
-- with their ids listed here and indexes them afterwards, in short transactions of their own
-- (search::catch_up_step); a crash in between leaves the list, and the next catch-up resumes.
-- A search meanwhile also scans the listed prospects.
CREATE TABLE search_pending (prospect_id INTEGER PRIMARY KEY) STRICT;

-- An edit indexes the prospect at once, so it is no longer pending; a deleted one never will be.
DROP TRIGGER search_prospect_au;
CREATE TRIGGER search_prospect_au AFTER UPDATE OF name, domain, city, country, industry, description ON prospect
WHEN NOT EXISTS (SELECT 1 FROM settings WHERE key = 'bulk_import') BEGIN
    DELETE FROM search_pending WHERE prospect_id = OLD.id;
    DELETE FROM search_index WHERE kind = 'prospect' AND ref_id = OLD.id;
    INSERT INTO search_index (kind, ref_id, prospect_id, title, body)
    VALUES ('prospect', NEW.id, NEW.id, NEW.name,
            concat_ws(' ', NEW.domain, NEW.city, NEW.country, NEW.industry, NEW.description));
END;
DROP TRIGGER search_prospect_ad;
CREATE TRIGGER search_prospect_ad AFTER DELETE ON prospect BEGIN
    DELETE FROM search_pending WHERE prospect_id = OLD.id;
    DELETE FROM search_index WHERE prospect_id = OLD.id;
END;
