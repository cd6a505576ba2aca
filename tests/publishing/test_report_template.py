"""The annual report in a board's own Word template: its styles, header and narrative kept,
the report's placeholders filled with the same figures as the Word report."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from assurance.cli import main

AS_OF = "2026-11-21"
NARRATIVE = ("Foreword from the independent chair: this year the partnership put neglect and "
             "the voice of the child at the centre of its learning.")


def _template(path: Path, placeholders: list[str]) -> Path:
    document = Document()
    document.styles["Normal"].font.name = "Georgia"
    narrative = document.styles.add_style("Board Narrative", WD_STYLE_TYPE.PARAGRAPH)
    narrative.font.size = Pt(13)
    narrative.font.italic = True
    document.sections[0].header.paragraphs[0].text = "Kestrel Bay Safeguarding Children Partnership"
    document.add_heading("Annual report {{ year }}: {{ board }}", level=1)
    document.add_paragraph(NARRATIVE, style="Board Narrative")
    for placeholder in placeholders:
        document.add_paragraph(placeholder)
    document.save(path)
    return path


def test_a_template_keeps_its_styles_and_narrative_with_the_figures_in_place(
        demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = _template(tmp_path / "ours.docx", [
        "{{p timescales_summary }}", "{{ timescales_chart }}", "{{p timescales_tables }}",
        "{{p recommendations }}", "As of {{ as_of }}."])
    out = tmp_path / "filled.docx"
    assert main(["--db", str(demo_db), "export", "report", "--period", "2024-25", "--board",
                 "Kestrel Bay SCP", "--format", "docx", "--template", str(template),
                 "--out", str(out), "--as-of", AS_OF]) == 0
    filled = Document(str(out))
    texts = [p.text for p in filled.paragraphs]
    assert texts[0] == "Annual report 2024-25: Kestrel Bay SCP"
    narrative = next(p for p in filled.paragraphs if p.text == NARRATIVE)
    assert narrative.style.name == "Board Narrative" and narrative.style.font.italic
    assert filled.styles["Normal"].font.name == "Georgia"
    assert filled.sections[0].header.paragraphs[0].text.startswith("Kestrel Bay Safeguarding")
    assert any("within timescale in 2024-25" in t for t in texts)
    assert "As of 21/11/2026." in texts and not [t for t in texts if "{{" in t]
    titles = [t for t in texts if t.startswith("Timescales, 2024-25 beside")]
    assert titles and len(filled.tables) >= 2          # timescales and recommendations by owner
    assert any(t == "Recommendations" for t in texts)


def test_a_placeholder_the_report_does_not_have_is_refused_in_one_line(
        demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = _template(tmp_path / "typo.docx", ["{{ board_forward }}"])
    out = tmp_path / "x.docx"
    assert main(["--db", str(demo_db), "export", "report", "--period", "2024-25",
                 "--format", "docx", "--template", str(template), "--out", str(out),
                 "--as-of", AS_OF]) == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "board_forward" in said[0] and "timescales_summary" in said[0]
    assert not out.exists()


@pytest.mark.parametrize("placeholder", ["{{ ''.__class__.__mro__ }}", "{{ title.upper() }}",
                                         "{{ year|e }}", "{% for x in report %}{% endfor %}"])
def test_a_placeholder_that_does_more_than_name_a_value_is_refused(
        demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        placeholder: str) -> None:
    """The review: docxtpl renders with plain jinja2, so a template from outside could reach
    Python's objects. Only names are accepted, and rendering is sandboxed as well."""
    template = _template(tmp_path / "hostile.docx", [placeholder])
    assert main(["--db", str(demo_db), "export", "report", "--period", "2024-25",
                 "--format", "docx", "--template", str(template), "--out",
                 str(tmp_path / "x.docx"), "--as-of", AS_OF]) == 2
    assert "may only name the report's values" in capsys.readouterr().err
