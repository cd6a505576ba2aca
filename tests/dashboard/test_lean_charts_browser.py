"""A chart drawn with its template cut to what it draws with (dashboard.charts) is drawn exactly
as with the whole template: in Chromium, plotly.js works out the same full layout, the same
full traces and the same picture for every chart each board page sends."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import plotly
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.charts import TEMPLATE
from tests.dashboard.conftest import PAGES, no_problems
from tests.dashboard.test_view_weight import AS_OF, specs

pytestmark = pytest.mark.browser

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# The figure plotly.js works out from a spec: its full layout and traces (every attribute after
# defaults and the template), without the template itself, plotly's own private fields and the
# random ids it makes; and the picture: each element of its SVG with its attributes and text.
_DRAWN = """async (spec) => {
    const div = document.createElement('div');
    div.style.width = '800px';
    document.body.appendChild(div);
    await Plotly.newPlot(div, spec.data, spec.layout, {displaylogo: false});
    const seen = new WeakSet();
    const clean = (value) => {
        if (Array.isArray(value)) return value.map(clean);
        if (value === null || typeof value !== 'object') return value;
        if (value instanceof Node || seen.has(value)) return '<ref>';
        seen.add(value);
        const out = {};
        for (const key of Object.keys(value).sort()) {
            if (key.startsWith('_') || key === 'template' || key === 'uid') continue;
            if (typeof value[key] === 'function') continue;
            out[key] = clean(value[key]);
        }
        return out;
    };
    const ids = [div._fullLayout._uid, ...div._fullData.map(trace => trace.uid)];
    const plain = text => ids.reduce((said, id) => said.replaceAll(id, '<id>'), text);
    const drawn = {layout: clean(div._fullLayout), data: clean(div._fullData),
                   svg: [...div.querySelectorAll('svg *')].map(e => plain([e.tagName,
                       ...[...e.attributes].map(a => `${a.name}=${a.value}`).sort(),
                       e.childElementCount ? '' : e.textContent].join(' ')))};
    Plotly.purge(div);
    div.remove();
    return drawn;
}"""


@pytest.mark.parametrize("page", [p for p in PAGES if p != "overview"])
def test_a_lean_chart_is_drawn_as_with_its_whole_template(open_page: Callable[..., AppTest],
                                                          browser, page: str) -> None:  # type: ignore[no-untyped-def]
    app = open_page(page, as_of=AS_OF)
    no_problems(app)
    whole = TEMPLATE.to_plotly_json()
    tab = browser.new_page(viewport={"width": 1000, "height": 800})
    try:
        tab.set_content("<html><body></body></html>")
        tab.add_script_tag(path=str(PLOTLY_JS))
        for spec in specs(app):
            lean = tab.evaluate(_DRAWN, spec)
            full = tab.evaluate(_DRAWN, {**spec, "layout": {**spec["layout"], "template": whole}})
            assert lean["layout"] == full["layout"]
            assert lean["data"] == full["data"]
            assert lean["svg"] == full["svg"]
            assert len(json.dumps(spec["layout"]["template"])) < len(json.dumps(whole)) / 2
    finally:
        tab.close()
