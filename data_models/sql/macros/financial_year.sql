-- financial_year(day): the financial year (1 April to 31 March) a day falls in, as '2023-24'.
CREATE OR REPLACE MACRO financial_year(day) AS
    CASE WHEN day IS NULL THEN NULL ELSE
        CAST(year(day) - CASE WHEN month(day) < 4 THEN 1 ELSE 0 END AS VARCHAR) || '-' ||
        lpad(CAST((year(day) - CASE WHEN month(day) < 4 THEN 1 ELSE 0 END + 1) % 100 AS VARCHAR), 2, '0')
    END;

-- financial_quarter(day): the quarter of the financial year, as '2023-24 Q3' (Q1 is April to June).
CREATE OR REPLACE MACRO financial_quarter(day) AS
    CASE WHEN day IS NULL THEN NULL ELSE
        financial_year(day) || ' Q' || CAST(((month(day) + 8) % 12) // 3 + 1 AS VARCHAR)
    END;

-- in_financial_year(day, period) and in_financial_quarter(day, quarter): whether a day falls in
-- the financial year or quarter named as above; false for a name not written that way. They
-- compare dates with the period's first day, worked out once per query, rather than naming
-- the period of every row, so DuckDB can skip whole blocks of rows by their dates.
-- The first day a name would stand for if it were well written ('2024-25' -> 1 April 2024,
-- '2024-25 Q3' -> 1 October 2024); the *_start macros keep it only when naming that day
-- gives the name back.
CREATE OR REPLACE MACRO financial_year_candidate(period) AS
    make_date(TRY_CAST(left(period, 4) AS INTEGER), 4, 1);

CREATE OR REPLACE MACRO financial_quarter_candidate(quarter) AS
    CAST(financial_year_candidate(quarter)
         + to_months(3 * (TRY_CAST(right(quarter, 1) AS INTEGER) - 1)) AS DATE);

CREATE OR REPLACE MACRO financial_year_start(period) AS
    CASE WHEN financial_year(financial_year_candidate(period)) = period
         THEN financial_year_candidate(period) END;

CREATE OR REPLACE MACRO financial_quarter_start(quarter) AS
    CASE WHEN financial_quarter(financial_quarter_candidate(quarter)) = quarter
         THEN financial_quarter_candidate(quarter) END;

CREATE OR REPLACE MACRO in_financial_year(day, period) AS
    coalesce(day >= financial_year_start(period)
             AND day < financial_year_start(period) + INTERVAL 1 YEAR, false);

CREATE OR REPLACE MACRO in_financial_quarter(day, quarter) AS
    coalesce(day >= financial_quarter_start(quarter)
             AND day < financial_quarter_start(quarter) + INTERVAL 3 MONTH, false);
