"""The Streamlit dashboard. The only package that imports Streamlit or decides how
connections are cached."""
