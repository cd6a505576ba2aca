-- The dashboard's filters, applied the same way by every relation that honours them.
--
-- `f` is one STRUCT bound by name from Python (data_models.filters.Filters, with the person's
-- scope added by the reader, data_models.scope.Reader):
--   as_of, board, board_type, period ('2023-24'), quarter ('2023-24 Q3'), agency, theme;
--   every_board (true only for a person with every board) and boards (the person's boards).
-- A NULL choice means "all"; a NULL every_board means no board (never every board). Which
-- choices a query honours is declared beside the query in data_models/queries.py, and a test
-- holds each query to its declaration.

-- board_wanted(f, item_board): the board filter, and the one place the person's scope of
-- boards is applied; every filtered relation calls it.
CREATE OR REPLACE MACRO board_wanted(f, item_board) AS
    (f['board'] IS NULL OR item_board = f['board']) AND in_scope(f, item_board);

-- in_scope(s, board): whether a board's record (or mapping, rule, alias) is within a person's
-- scope `s` (`$f`, or `$scope` where a query takes no filters: a STRUCT of every_board and
-- boards). A thing for every board (board NULL) is in scope only for a person with every
-- board. Anything missing reads as false: no value widens a scope.
CREATE OR REPLACE MACRO in_scope(s, board) AS
    coalesce(s['every_board'], false) OR coalesce(list_contains(s['boards'], board), false);

-- upload_wanted(f, upload_boards): an upload (or export) is the person's when every board its
-- rows name is one of theirs; one whose boards are not known, only for a person with every
-- board.
CREATE OR REPLACE MACRO upload_wanted(f, upload_boards) AS
    coalesce(f['every_board'], false)
    OR coalesce(len(upload_boards) > 0 AND list_has_all(f['boards'], upload_boards), false);

-- board_type_wanted(f, item_type): children's or adults'. Training for both workforces
-- ('both') counts for either.
CREATE OR REPLACE MACRO board_type_wanted(f, item_type) AS
    f['board_type'] IS NULL OR item_type = f['board_type'] OR item_type = 'both';

-- date_wanted(f, day): the financial year and quarter a day falls in.
CREATE OR REPLACE MACRO date_wanted(f, day) AS
    (f['period'] IS NULL OR in_financial_year(day, f['period']))
    AND (f['quarter'] IS NULL OR in_financial_quarter(day, f['quarter']));

-- agency_wanted(f, item_agency): the owner of a recommendation, the audited agency, or the
-- attendee's agency.
CREATE OR REPLACE MACRO agency_wanted(f, item_agency) AS
    f['agency'] IS NULL OR item_agency = f['agency'];

-- theme_wanted(f, source_name, item_board, item): whether an item of a data set names the
-- theme (through its mapped theme text); true for every item when no theme is asked for.
CREATE OR REPLACE MACRO theme_wanted(f, source_name, item_board, item) AS
    f['theme'] IS NULL OR EXISTS (
        SELECT 1 FROM source_items AS i
        JOIN text_theme_set AS t ON t.board = i.board AND t.themes = i.themes
        WHERE i.source = source_name AND i.board = item_board AND i.item_id = item
          AND t.theme = f['theme']);

-- text_wanted(f, item_board, item_text): the same for an item whose theme text is at hand
-- (a join to a few thousand rows, not to every item).
CREATE OR REPLACE MACRO text_wanted(f, item_board, item_text) AS
    f['theme'] IS NULL OR EXISTS (
        SELECT 1 FROM text_theme_set AS t
        WHERE t.board = item_board AND t.themes = item_text AND t.theme = f['theme']);

-- share_pct(part, whole): part / whole x 100 to one decimal, rounded once from the counts,
-- halves up (data_models.labels.share says the same), in whole numbers until the last step
-- so no float rounds on the way; NULL when whole is 0.
CREATE OR REPLACE MACRO share_pct(part, whole) AS
    CASE WHEN whole > 0
         THEN CAST((2000 * CAST(part AS HUGEINT) + whole) // (2 * whole) AS DOUBLE) / 10 END;

-- compliance_pct(met, missed, overdue): met / (met + missed + overdue) x 100, one decimal;
-- NULL when nothing is counted. Overdue clocks count as missed; pending ones count in
-- neither numerator nor denominator. The one place compliance is worked out.
CREATE OR REPLACE MACRO compliance_pct(met, missed, overdue) AS
    share_pct(met, met + missed + overdue);

-- agency_key(name): how agency names are compared (data_models.agencies.agency_key says the
-- same): lower case, apostrophes dropped, punctuation and spaces as one space, no leading 'the'.
CREATE OR REPLACE MACRO agency_key(name) AS
    regexp_replace(
        trim(regexp_replace(regexp_replace(lower(name), '[''’`]', '', 'g'), '[^0-9a-z]+', ' ', 'g')),
        '^the ', '');
