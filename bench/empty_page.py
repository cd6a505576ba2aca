"""The platform's limit: a one-line Streamlit page, served with the dashboard's own settings
(`bench.capacity.served_empty_page`), so that views per second of the dashboard can be read
against what Streamlit itself manages on the same machine."""

import streamlit as st

st.write("ok")
