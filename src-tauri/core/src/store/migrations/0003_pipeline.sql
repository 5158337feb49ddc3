-- v3: the guided pipeline (board, checklist ticks, scorecard rounds) and calendar export.

-- The board shows the best-fitting prospects of each stage.
CREATE INDEX prospect_stage_fit ON prospect(stage, fit_score DESC, name) WHERE archived_at IS NULL;

-- A checklist item is ticked at most once per prospect.
CREATE UNIQUE INDEX checklist_item_once ON checklist_item(prospect_id, template_id)
    WHERE template_id IS NOT NULL;

CREATE INDEX scorecard_prospect ON scorecard(prospect_id, id);

-- Identifies this book in calendar UIDs, so a re-exported event updates the one imported before.
INSERT OR IGNORE INTO settings (key, value) VALUES ('book_id', lower(hex(randomblob(16))));
