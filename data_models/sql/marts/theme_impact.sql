-- theme_impact(f, chosen, chosen_cut_over): for each theme (or the one chosen), whether what
-- followed the board's actions on it changed: the share of new reviews raising it, the share
-- of audits on it graded good or better, and the share of attendees of training on it
-- confident afterwards, in the two years before the cut-over and from the cut-over to the
-- as-of date (at most two years).
--
-- The cut-over, unless one is chosen: the completion date of the recommendation on the theme
-- that made more than half of them completed (or assured). A theme with half or fewer
-- completed has none, and no before and after; nor has one whose completions lack the dates
-- to say when more than half were done (`completed_dated` says how many have one).
-- Reviews count by their review date (decision, else notification, awareness or rapid review
-- date); they have no agency, so that filter leaves them all. Confident: 4 or 5 on the
-- course's scale of 1 to 5, asked after it. `f` comes without a year, quarter or theme (the
-- base of a share is every item).
CREATE OR REPLACE MACRO theme_impact(f, chosen, chosen_cut_over) AS TABLE
WITH recs AS (
    SELECT t.theme, r.completed_date, r.status IN ('completed', 'assured') AS done
    FROM filtered_recommendations(f) AS r
    JOIN text_theme_set AS t ON t.board = r.board AND t.themes = r.themes
    WHERE chosen IS NULL OR t.theme = chosen
),
counted AS (
    SELECT theme, count(*) AS recommendations, count(*) FILTER (WHERE done) AS completed,
           count(*) FILTER (WHERE done AND completed_date IS NOT NULL) AS completed_dated
    FROM recs GROUP BY theme
),
ranked AS (
    SELECT theme, completed_date,
           row_number() OVER (PARTITION BY theme ORDER BY completed_date) AS n
    FROM recs WHERE done AND completed_date IS NOT NULL
),
cuts AS (
    SELECT th.theme, th.sort_order, c.recommendations, c.completed, c.completed_dated,
           k.completed_date AS most_completed_on,           -- the rule's cut-over
           coalesce(CAST(chosen_cut_over AS DATE), k.completed_date) AS cut_over,
           chosen_cut_over IS NOT NULL AS cut_over_chosen
    FROM themes AS th
    LEFT JOIN counted AS c USING (theme)
    LEFT JOIN ranked AS k ON k.theme = th.theme AND k.n = c.recommendations // 2 + 1
    WHERE (chosen IS NULL AND c.recommendations > 0) OR th.theme = chosen
),
windows AS (
    SELECT *, CAST(cut_over - INTERVAL 2 YEAR AS DATE) AS before_from,
           CAST(least(cut_over + INTERVAL 2 YEAR - INTERVAL 1 DAY, f['as_of']) AS DATE)
               AS after_to
    FROM cuts
),
reviews AS (
    SELECT board, themes, item_date FROM filtered_items(f, 'reviews')
    WHERE item_date <= f['as_of']
),
raised AS (
    SELECT w.theme,
           count(*) FILTER (WHERE i.item_date < w.cut_over) AS reviews_before,
           count(t.theme) FILTER (WHERE i.item_date < w.cut_over) AS raised_before,
           count(*) FILTER (WHERE i.item_date >= w.cut_over) AS reviews_after,
           count(t.theme) FILTER (WHERE i.item_date >= w.cut_over) AS raised_after
    FROM windows AS w
    JOIN reviews AS i ON i.item_date BETWEEN w.before_from AND w.after_to
    LEFT JOIN text_theme_set AS t
           ON t.board = i.board AND t.themes = i.themes AND t.theme = w.theme
    GROUP BY w.theme
),
audited AS (
    SELECT w.theme,
           count(*) FILTER (WHERE a.audit_date >= w.before_from AND a.audit_date < w.cut_over)
               AS audits_before,
           count(*) FILTER (WHERE a.audit_date >= w.before_from AND a.audit_date < w.cut_over
                              AND a.good_or_better) AS good_before,
           count(*) FILTER (WHERE a.audit_date BETWEEN w.cut_over AND w.after_to)
               AS audits_after,
           count(*) FILTER (WHERE a.audit_date BETWEEN w.cut_over AND w.after_to
                              AND a.good_or_better) AS good_after,
           count(*) FILTER (WHERE a.audit_date BETWEEN w.cut_over AND f['as_of'])
               AS audits_since,
           max(a.audit_date) AS last_audit
    FROM windows AS w
    JOIN text_theme_set AS t ON t.theme = w.theme
    JOIN filtered_audits(f) AS a ON a.board = t.board AND a.themes = t.themes
    WHERE a.audit_date <= f['as_of']
    GROUP BY w.theme
),
trained AS (
    SELECT w.theme,
           count(*) FILTER (WHERE b.session_date < w.cut_over) AS answered_before,
           count(*) FILTER (WHERE b.session_date < w.cut_over AND b.post_confidence >= 4)
               AS confident_before,
           count(*) FILTER (WHERE b.session_date >= w.cut_over) AS answered_after,
           count(*) FILTER (WHERE b.session_date >= w.cut_over AND b.post_confidence >= 4)
               AS confident_after
    FROM windows AS w
    JOIN text_theme_set AS t ON t.theme = w.theme
    JOIN filtered_training(f) AS b ON b.board = t.board AND b.themes = t.themes
    WHERE b.status = 'attended' AND b.post_confidence IS NOT NULL
      AND b.session_date BETWEEN w.before_from AND w.after_to
    GROUP BY w.theme
)
SELECT w.theme, coalesce(w.recommendations, 0) AS recommendations,
       coalesce(w.completed, 0) AS completed, coalesce(w.completed_dated, 0) AS completed_dated,
       w.most_completed_on, w.cut_over,
       w.cut_over_chosen, w.before_from, w.after_to,
       coalesce(r.reviews_before, 0) AS reviews_before, coalesce(r.raised_before, 0) AS raised_before,
       coalesce(r.reviews_after, 0) AS reviews_after, coalesce(r.raised_after, 0) AS raised_after,
       coalesce(a.audits_before, 0) AS audits_before, coalesce(a.good_before, 0) AS good_before,
       coalesce(a.audits_after, 0) AS audits_after, coalesce(a.good_after, 0) AS good_after,
       coalesce(a.audits_since, 0) AS audits_since, a.last_audit,
       coalesce(c.answered_before, 0) AS answered_before,
       coalesce(c.confident_before, 0) AS confident_before,
       coalesce(c.answered_after, 0) AS answered_after,
       coalesce(c.confident_after, 0) AS confident_after,
       w.sort_order
FROM windows AS w
LEFT JOIN raised AS r USING (theme)
LEFT JOIN audited AS a USING (theme)
LEFT JOIN trained AS c USING (theme);
