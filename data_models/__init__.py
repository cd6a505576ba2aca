"""The DuckDB schema, the measures, and the rules they apply (calendar, timescales, themes).

Nothing here imports Streamlit, the loaders or Great Expectations.
"""
