"""A page viewed again in the same session (a drill-down chosen, a filter put back, the page
opened again) does not send its charts and tables again: the browser keeps what it was sent
and says so with each rerun, and the served app sends a reference to each element it already
holds. Spoken here as Streamlit's own frontend speaks it, to a real served app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.proto import BackMsg_pb2, ForwardMsg_pb2
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from tests.dashboard.browser import serve_app

AS_OF = "2026-11-21"


@pytest.fixture(scope="module")
def served(demo_db: Path) -> Iterator[str]:
    with serve_app(demo_db) as base:
        yield base


def _run(socket: ClientConnection, page: str, held: list[str]) -> list[ForwardMsg_pb2.ForwardMsg]:
    """One run of a page in the session, the browser holding the messages `held`."""
    message = BackMsg_pb2.BackMsg()
    message.rerun_script.query_string = f"as_of={AS_OF}"
    message.rerun_script.page_name = page
    message.rerun_script.cached_message_hashes.extend(held)
    socket.send(message.SerializeToString())
    sent = []
    while True:
        forward = ForwardMsg_pb2.ForwardMsg()
        forward.ParseFromString(socket.recv(timeout=120))
        sent.append(forward)
        if forward.WhichOneof("type") == "script_finished":
            return sent


def _element(forward: ForwardMsg_pb2.ForwardMsg) -> str | None:
    if forward.WhichOneof("type") != "delta" or \
            forward.delta.WhichOneof("type") != "new_element":
        return None
    return forward.delta.new_element.WhichOneof("type")


@pytest.mark.parametrize("page", ["timescales", "themes", "training"])
def test_charts_and_tables_are_not_sent_again_in_the_same_session(served: str,
                                                                   page: str) -> None:
    with connect(served.replace("http://", "ws://") + "/_stcore/stream",
                 subprotocols=[Subprotocol("streamlit")], max_size=None,
                 open_timeout=60) as socket:
        first = _run(socket, page, [])
        heavy = [m for m in first if _element(m) in {"plotly_chart", "dataframe"}]
        assert heavy and all(m.metadata.cacheable for m in heavy), page
        again = _run(socket, page, [m.hash for m in first if m.metadata.cacheable])
    assert not [m for m in again if _element(m) in {"plotly_chart", "dataframe"}]
    referred = {m.ref_hash for m in again if m.WhichOneof("type") == "ref_hash"}
    assert {m.hash for m in heavy} <= referred
    weight = sum(len(m.SerializeToString()) for m in again)
    assert weight < sum(len(m.SerializeToString()) for m in first) / 2
