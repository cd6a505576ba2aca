-- names_theme(source_name, item_board, item, theme_name): whether an item of a data set
-- names the theme (through its mapped mentions); true for every item when no theme is asked
-- for. The one theme filter every filtered_* relation applies.
CREATE OR REPLACE MACRO names_theme(source_name, item_board, item, theme_name) AS
    theme_name IS NULL OR EXISTS (
        SELECT 1 FROM item_themes AS t
        WHERE t.source = source_name AND t.board = item_board AND t.item_id = item
          AND t.theme = theme_name);
