-- upload_pass_rates: for each data set and month, how many uploads were offered and what
-- share passed the checks (stored, or unchanged because already stored).
CREATE OR REPLACE VIEW upload_pass_rates AS
SELECT kind,
       strftime(received_at, '%Y-%m') AS month,
       count(*) AS uploads,
       count(*) FILTER (WHERE outcome <> 'rejected') AS passed,
       round(100.0 * count(*) FILTER (WHERE outcome <> 'rejected') / count(*), 1) AS pass_pct
FROM uploads
GROUP BY kind, strftime(received_at, '%Y-%m');
