-- text_theme_set: for each board and distinct theme text, each theme the text maps to, once
-- (a text naming a theme through two of its names counts once). Small: boards times distinct
-- texts, so items join it on (board, text) instead of joining every mention.
CREATE OR REPLACE VIEW text_theme_set AS
SELECT DISTINCT m.board, t.themes, m.theme
FROM theme_texts AS t
JOIN mention_themes AS m ON m.theme_key = t.theme_key
WHERE m.theme IS NOT NULL;
