-- v7: what the user did about an item Home listed: done, or snoozed until a day. An item is its
-- kind, the thing it is about (an activity, a prospect, a certification, a contract, a lead
-- registration) and its date, so a new date — the next renewal, a follow-up moved — is a new
-- item and shows again. "Done" on a follow-up marks it done on its activity instead; snoozing
-- one is recorded here like any other.
CREATE TABLE attention_done (
    kind TEXT NOT NULL,
    ref_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    done_at TEXT,
    snoozed_until TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, ref_id, date),
    CHECK (done_at IS NOT NULL OR snoozed_until IS NOT NULL)
) STRICT;
