-- theme_mentions: each ';'-separated theme an item names, as written and as matched: every
-- item joined to the mentions of its theme text (theme_texts, split once per distinct text).
-- Kept for every source so that unmapped text is never lost; `theme_key` is matched against
-- the aliases in mention_themes.
CREATE OR REPLACE VIEW theme_mentions AS
SELECT i.source, i.board, i.item_id, i.board_type, t.mention, t.theme_key
FROM source_items AS i
JOIN theme_texts AS t ON t.themes = i.themes;
