-- Migration 22: an agency written two ways is one agency. Names equal but for case,
-- punctuation and a leading 'the' ("Children's social care", "Children's Social Care";
-- "The partnership", "Partnership") become, board by board, the spelling most of that board's
-- records use (across recommendations, audits and training; ties: the first in A to Z), so the
-- figures by agency count each once. No other value changes. The key is the agency_key macro's
-- rule (data_models.agencies.agency_key), written out: migrations run before the macros exist.
CREATE TEMP TABLE agency_names AS
WITH names AS (
    SELECT board, owner AS name FROM recommendations WHERE owner IS NOT NULL
    UNION ALL SELECT board, agency FROM audits WHERE agency IS NOT NULL
    UNION ALL SELECT board, agency FROM training_bookings WHERE agency IS NOT NULL
),
keyed AS (
    SELECT board, name,
           regexp_replace(trim(regexp_replace(regexp_replace(lower(name), '[''’`]', '', 'g'),
                                              '[^0-9a-z]+', ' ', 'g')), '^the ', '') AS key,
           count(*) AS n
    FROM names GROUP BY board, name
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY board, key ORDER BY n DESC, name) AS place
    FROM keyed
)
SELECT k.board, k.name, r.name AS spelling
FROM keyed AS k JOIN ranked AS r ON r.board = k.board AND r.key = k.key AND r.place = 1
WHERE k.name <> r.name;

UPDATE recommendations AS t SET owner = a.spelling
FROM agency_names AS a WHERE t.board = a.board AND t.owner = a.name;
UPDATE audits AS t SET agency = a.spelling
FROM agency_names AS a WHERE t.board = a.board AND t.agency = a.name;
UPDATE training_bookings AS t SET agency = a.spelling
FROM agency_names AS a WHERE t.board = a.board AND t.agency = a.name;

DROP TABLE agency_names;
