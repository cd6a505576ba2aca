-- filtered_recommendations(f): recommendations with their state on the as-of date, with the
-- filters. The period is the financial year they were agreed in; the agency is the owner.
--
-- The state on the as-of date comes from the records' dates, not from today's status alone
-- (a recommendation completed after the as-of date was open then):
--   * agreed after the as-of date: not yet a recommendation, left out;
--   * completed or assured, with a completion date after the as-of date: in progress then,
--     and its completion date and evidence not yet known;
--   * assured, last updated after the as-of date (the assurance is dated only by the update):
--     completed then;
--   * not implemented, last updated after the as-of date: in progress then (these two are
--     said beside the figures as queries.DATED_BY_UPDATE);
--   * the RAG rating: as the tracker last gave it, when not updated since the as-of date;
--     otherwise as the last upload made on or before the as-of date gave it (an upload's date
--     is its extract's own; recommendation_rating_history keeps what each upload gave), NULL
--     where none had (or it gave none).
-- `status_now` keeps today's status. Open means a status the recommendation_statuses
-- reference table marks open (not started, in progress); overdue means open past its due date.
CREATE OR REPLACE MACRO filtered_recommendations(f) AS TABLE
WITH rated_then AS (
    SELECT h.board, h.recommendation_id, arg_max_null(h.rating, h.upload_id) AS rating
    FROM recommendation_rating_history AS h
    JOIN uploads AS u ON u.upload_id = h.upload_id
    WHERE u.as_of <= f['as_of']
    GROUP BY h.board, h.recommendation_id
),
dated AS (
    SELECT r.* EXCLUDE (upload_id) REPLACE (
               CASE WHEN r.status IN ('completed', 'assured') AND r.completed_date > f['as_of']
                        THEN 'in_progress'
                    WHEN r.status = 'assured' AND r.last_updated > f['as_of'] THEN 'completed'
                    WHEN r.status = 'not_implemented' AND r.last_updated > f['as_of']
                        THEN 'in_progress'
                    ELSE r.status END AS status,
               CASE WHEN r.completed_date <= f['as_of'] THEN r.completed_date END
                   AS completed_date,
               CASE WHEN coalesce(r.completed_date > f['as_of'], false)
                         OR coalesce(r.last_updated > f['as_of'], false)
                    THEN NULL ELSE r.evidence_of_impact END AS evidence_of_impact,
               CASE WHEN coalesce(r.last_updated > f['as_of'], false)
                    THEN h.rating ELSE r.rating END AS rating),
           r.status AS status_now
    FROM recommendations AS r
    LEFT JOIN rated_then AS h
      ON h.board = r.board AND h.recommendation_id = r.recommendation_id
    WHERE board_wanted(f, r.board)
      AND board_type_wanted(f, r.board_type)
      AND date_wanted(f, r.agreed_date)
      AND agency_wanted(f, r.owner)
      AND text_wanted(f, r.board, r.themes)
      AND (r.agreed_date IS NULL OR r.agreed_date <= f['as_of'])
)
SELECT d.*,
       financial_year(d.agreed_date) AS period,
       financial_quarter(d.agreed_date) AS quarter,
       s.is_open,
       s.is_open AND d.due_date < f['as_of'] AS is_overdue,
       CASE WHEN s.is_open AND d.due_date < f['as_of']
            THEN date_diff('day', d.due_date, f['as_of']) END AS days_overdue,   -- calendar days
       CASE WHEN s.is_open
            THEN date_diff('day', d.agreed_date, f['as_of']) END AS age_days     -- calendar days
FROM dated AS d
JOIN recommendation_statuses AS s ON s.status = d.status;
