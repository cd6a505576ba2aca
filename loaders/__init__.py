"""Read an extract into a typed DataFrame and a list of problems. No Streamlit, no database."""
