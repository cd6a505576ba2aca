"""What each page of the dashboard shows, one folder a page: `model.py` works it out with no
Streamlit in it (so a test, a benchmark or the scope walk can build it without a browser).
What the models share is in `shared.py`.

A board page's model is a function returning a dataclass: the summaries, sentences and plotly
figures, built on the first view from the named queries of `data_models.queries`, with the
person's reader (`data_models.scope`), and shared by every later rerun and session of the same
scope until the data changes (`dashboard.data.model`). A warm rerun only draws. The page calls
the model function itself, never its name.
"""
