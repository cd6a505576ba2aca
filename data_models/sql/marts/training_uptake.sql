-- training_uptake(f): bookings by status, with the filters, for all bookings and for each
-- agency, workforce (board type), quarter and course, with confidence before and after among
-- those who attended. `grouped_by` names the grouping ('all', 'agency', 'workforce', 'quarter'
-- or 'course'); the other grouping columns are NULL in its rows. Aggregated here so a page
-- never pulls every booking. Quarters are grouped by their first day and named after
-- grouping, so the name is made for a few hundred rows, not for every booking.
CREATE OR REPLACE MACRO training_uptake(f) AS TABLE
SELECT grouped_by, agency, workforce, financial_quarter(quarter_start) AS quarter, course,
       status, bookings, pre_confidence_sum, pre_confidence_n, post_confidence_sum,
       post_confidence_n
FROM (
    SELECT CASE WHEN GROUPING(agency) = 0 THEN 'agency'
                WHEN GROUPING(workforce) = 0 THEN 'workforce'
                WHEN GROUPING(quarter_start) = 0 THEN 'quarter'
                WHEN GROUPING(course) = 0 THEN 'course'
                ELSE 'all' END AS grouped_by,
           agency, workforce, quarter_start, course, status,
           count(*) AS bookings,
           sum(pre_confidence) FILTER (WHERE status = 'attended') AS pre_confidence_sum,
           count(pre_confidence) FILTER (WHERE status = 'attended') AS pre_confidence_n,
           sum(post_confidence) FILTER (WHERE status = 'attended') AS post_confidence_sum,
           count(post_confidence) FILTER (WHERE status = 'attended') AS post_confidence_n
    FROM (SELECT agency, board_type AS workforce,
                 date_trunc('quarter', session_date) AS quarter_start,  -- financial quarters are calendar quarters
                 course, status, pre_confidence, post_confidence
          FROM filtered_training(f))
    GROUP BY GROUPING SETS ((status), (agency, status), (workforce, status),
                            (quarter_start, status), (course, status))
);
