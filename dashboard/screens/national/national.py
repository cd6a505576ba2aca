"""National context: the board's own figures beside England's, its region's and its
statistical neighbours'."""

from __future__ import annotations

import streamlit as st

from dashboard.components import chart_block, notes, plain, publication_line, say
from dashboard.data import model
from dashboard.screens.national.model import Block, boards, national, years
from dashboard.screens.shared import THRESHOLD
from dashboard.session import describe
from publishing.national import INTRO

f = st.session_state["filters"]
st.title("National context")
say(describe(f))
published = publication_line(can_show_published=True)
say(INTRO)

choices = model(boards, f)
board = f.board or (st.selectbox("Board", choices, key="national_board") if len(choices) > 1
                    else choices[0] if choices else None)
if board and not f.board and len(choices) == 1:
    say(f"Shown for {board}, the one board here with its footprint set.")
held = model(years, f, board)
year = (st.selectbox("Financial year", held.years, key="national_year",
                     index=held.years.index(held.default) if held.default else 0)
        if held.years else None)
view = model(national, f, board, year, THRESHOLD if published else None)
if view.missing:
    st.info(plain(view.missing), icon=":material/info:")
if not view.comparisons:
    st.stop()
if held.said and year == held.default:
    say(held.said)
for caveat in view.caveats:                  # once, above everything they qualify
    st.caption(f":material/warning: {plain(caveat)}")
notes(view.notes)
st.markdown("#### In brief")
for sentence in view.sentences:
    st.markdown(plain(sentence))


def _block(block: Block) -> None:
    chart_block(block.chart, keep_order=True)           # an area's figures stay in its column
    if block.hidden:
        say(block.hidden)
    for source in block.sources:
        say(source)


for block in view.comparisons:
    _block(block)
if view.trends:
    st.markdown("### Over the years")
for block in view.trends:
    _block(block)
