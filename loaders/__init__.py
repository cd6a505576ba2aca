"""What each data set's extract holds: its columns, their kinds and allowed values, the headers
people write for them (`contracts`), and the templates and field guides made from them
(`contract_docs`). Declarations only: the stages that read, guard, parse, check and store an
extract are in `ingest`. No Streamlit, no database."""
