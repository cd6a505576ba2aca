-- unmapped_mentions(f, source_name): theme text of one data set's items, within the filters,
-- that maps to no theme: the text, how many times it is written and on how many items. Kept and
-- counted, never dropped. (As item_themes, with the items filtered first.)
CREATE OR REPLACE MACRO unmapped_mentions(f, source_name) AS TABLE
SELECT t.mention, count(*) AS mentions, count(DISTINCT (i.board, i.item_id)) AS items
FROM filtered_items(f, source_name) AS i
JOIN theme_texts AS t ON t.themes = i.themes
LEFT JOIN mention_themes AS m ON m.board = i.board AND m.theme_key = t.theme_key
WHERE m.theme IS NULL
GROUP BY t.mention;
