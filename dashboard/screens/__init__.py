"""The dashboard's pages, one folder each, named as the page's address (/timescales), each
holding what the page shows beside how it is drawn:

    overview/  timescales/  themes/  impact/  recommendations/  audits/  training/
    exports/  upload/  data_quality/  admin/

`model.py` works out what the page shows, with no Streamlit in it (so a test, a benchmark or
the scope walk can build it without a browser). The file named for the page
(`timescales/timescales.py`) is its view: the Streamlit script `app.py`'s navigation runs,
which draws it. (Named for the page, not `view.py`, because Streamlit names a page by its
file until the app's navigation has run once, and the tests open a page by that name.) What
the models share is in `shared.py`; what the views share is `dashboard.components`.

A board page's model is a function returning a dataclass: the summaries, sentences and plotly
figures, built on the first view from the named queries of `data_models.queries`, with the
person's reader (`data_models.scope`), and shared by every later rerun and session of the same
scope until the data changes (`dashboard.data.model`). A warm rerun only draws. The view calls
the model function itself, never its name.

(The folder is not called `pages/`: Streamlit takes a `pages/` folder beside the app's script
for its older way of listing pages, which `st.navigation` replaces.)
"""
