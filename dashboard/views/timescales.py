"""Timescales: compliance with each statutory and guidance timescale, and why."""

from __future__ import annotations

import streamlit as st

from dashboard import charts
from dashboard.components import (
    chart_block,
    drill_down,
    nothing_matches,
    plain,
    say,
    with_status_labels,
)
from dashboard.data import query
from data_models.figures import compliance

f = st.session_state["filters"]
st.title("Timescales")
say(f.describe())

rules = query("timescale_rules")
records = query("timescale_records", f)
if f.board_type:
    rules = rules[rules["board_type"].isin(["any", f.board_type])]
labels = dict(zip(rules["rule_id"], rules["label"], strict=True))
present = set(records["measure"])
labels = {m: label for m, label in labels.items() if m in present} or labels
measure = st.selectbox("Measure", list(labels), format_func=labels.get, key="measure")
rule = rules.set_index("rule_id").loc[measure]
chosen = records[records["measure"] == measure]
if chosen.empty:
    nothing_matches()
    st.stop()

overall = compliance(chosen.assign(all="all"), ["all"])
row = overall.iloc[0] if len(overall) else None
counted = int(row["met"] + row["missed"] + row["overdue"]) if row is not None else 0
where = f"for {f.describe().split(';')[0]}"
summary = charts.compliance_sentence(int(row["met"]) if row is not None else 0, counted,
                                     rule["label"], where)
st.markdown(f"**{plain(summary)}**")

by_year = compliance(chosen, ["period"])
chart_block("By financial year", charts.best_and_worst_sentence(by_year, "period"),
            charts.compliance_bars(by_year, "period"), by_year, "by_year")
by_quarter = compliance(chosen, ["quarter"])
chart_block("By quarter", "Each quarter's clocks by what happened to them.",
            charts.status_stack(by_quarter, "quarter"), by_quarter, "by_quarter")
chart_block("How long it took",
            f"Elapsed time for stopped clocks, with the limit of {rule['limit']} "
            f"{rule['unit'].replace('_', ' ')} marked.",
            charts.elapsed_histogram(chosen, int(rule["limit"]), rule["unit"], rule["comparison"]),
            chosen[["board", "review_id", "elapsed", "status"]], "elapsed")
by_board = compliance(chosen, ["board"])
chart_block("Boards side by side", "Compliance for each board, with met and counted clocks.",
            charts.compliance_bars(by_board, "board"), by_board, "by_board")

st.markdown("#### Misses and open clocks")
exceptions = chosen[chosen["status"].isin(["missed", "overdue", "pending"])]
columns = ["board", "review_id", "start_date", "due_date", "end_date", "elapsed", "status"]
st.dataframe(with_status_labels(exceptions[columns]), hide_index=True, key="exceptions")
drill_down("Show the reviews behind a financial year", by_year["period"].tolist(),
           with_status_labels(chosen[["period", *columns]]), "period", "year")
