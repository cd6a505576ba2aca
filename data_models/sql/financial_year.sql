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
