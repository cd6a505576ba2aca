-- unmapped_mentions(f, source_name): theme text of one data set's items, within the filters,
-- that maps to no theme: the text, how many times it is written and on how many items. Kept and
-- counted, never dropped.
CREATE OR REPLACE MACRO unmapped_mentions(f, source_name) AS TABLE
SELECT m.mention, count(*) AS mentions, count(DISTINCT (m.board, m.item_id)) AS items
FROM item_themes AS m
JOIN filtered_items(f, source_name) AS i ON i.board = m.board AND i.item_id = m.item_id
WHERE m.source = source_name AND m.theme IS NULL
GROUP BY m.mention;
