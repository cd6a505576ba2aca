"""The annual report in a board's own Word template: its styles, header and narrative kept,
the report's placeholders filled with the same figures as the Word report."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt

from assurance.cli import main
from publishing.template import TemplateError, check_template

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


# -- every part docxtpl renders, and the file's size, checked before anything runs -----------

FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _with_footnote(path: Path, text: str) -> Path:
    """The template with a footnote holding `text`, as Word keeps one: word/footnotes.xml, its
    content type and the document's relationship to it (python-docx writes none itself)."""
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 f'<w:footnotes xmlns:w="{W}">'
                 f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                 f'</w:footnote><w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}'
                 f'</w:t></w:r></w:p></w:footnote></w:footnotes>')
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["word/footnotes.xml"] = footnotes.encode("utf-8")
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/word/footnotes.xml" ContentType="{FOOTNOTES}"/>'
                     f"</Types>".encode())
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return path


def _titled(path: Path, **properties: str) -> Path:
    document = Document(str(_template(path, ["{{ year }}"])))
    for name, value in properties.items():
        setattr(document.core_properties, name, value)
    document.save(str(path))
    return path


def _export(db: Path, template: Path, out: Path) -> int:
    return main(["--db", str(db), "export", "report", "--period", "2024-25", "--board",
                 "Kestrel Bay SCP", "--format", "docx", "--template", str(template),
                 "--out", str(out), "--as-of", AS_OF])


LOOP = "{% for i in range(3) %}{% for j in range(3) %}x{% endfor %}{% endfor %}"


@pytest.mark.parametrize(("where", "make"), [
    ("title", lambda p: _titled(p, title=LOOP)),
    ("subject", lambda p: _titled(p, subject=LOOP)),
    ("author", lambda p: _titled(p, author=LOOP)),
    ("comments", lambda p: _titled(p, comments=LOOP)),
    ("footnote", lambda p: _with_footnote(_template(p, ["{{ year }}"]), LOOP)),
])
def test_a_loop_in_any_part_docxtpl_renders_is_refused_before_rendering(
        demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str,
        make) -> None:  # type: ignore[no-untyped-def]
    """The probe: the check read the body, headers and footers, but docxtpl also renders the
    core properties and footnotes, and a nested loop in the title ran (range(100000) twice
    would hold the server). Refused in one line; nothing written."""
    template = make(tmp_path / "hostile.docx")
    out = tmp_path / "x.docx"
    assert _export(demo_db, template, out) == 2, where
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "may only name the report's values" in said[0], said
    assert not out.exists()
    with pytest.raises(TemplateError, match="may only name"):
        check_template(template.read_bytes())


@pytest.mark.parametrize(("where", "make"), [
    ("title", lambda p: _titled(p, title="{{ board_forward }}")),
    ("footnote", lambda p: _with_footnote(_template(p, ["{{ year }}"]), "{{ board_forward }}")),
])
def test_a_placeholder_the_report_lacks_in_the_title_or_a_footnote_is_refused(
        demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str,
        make) -> None:  # type: ignore[no-untyped-def]
    template = make(tmp_path / "typo.docx")
    assert _export(demo_db, template, tmp_path / "x.docx") == 2, where
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "asks for board_forward" in said[0], said


def test_placeholders_in_the_title_and_a_footnote_are_filled(
        demo_db: Path, tmp_path: Path) -> None:
    template = _with_footnote(_titled(tmp_path / "ours.docx", title="Annual report {{ year }}",
                                      subject="{{ board }}"), "Figures as of {{ as_of }}.")
    out = tmp_path / "filled.docx"
    assert _export(demo_db, template, out) == 0
    filled = Document(str(out))
    assert filled.core_properties.title == "Annual report 2024-25"
    assert filled.core_properties.subject == "Kestrel Bay SCP"
    with zipfile.ZipFile(out) as archive:
        assert "Figures as of 21/11/2026." in archive.read("word/footnotes.xml").decode()


def test_a_template_that_unpacks_to_far_more_than_it_is_is_refused_before_opening(
        demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A zip bomb: a file of well under a megabyte that unpacks to 300 MB."""
    template = _template(tmp_path / "bomb.docx", ["{{ year }}"])
    with zipfile.ZipFile(template, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive, \
            archive.open("word/media/padding.bin", "w", force_zip64=True) as padding:
        for _ in range(300):
            padding.write(bytes(1024 * 1024))
    assert template.stat().st_size < 1024 * 1024
    out = tmp_path / "x.docx"
    assert _export(demo_db, template, out) == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and "unpacks to" in said[0], said
    assert not out.exists()


def test_a_template_file_too_large_is_refused_before_opening(
        tmp_path: Path) -> None:
    template = _template(tmp_path / "large.docx", ["{{ year }}"])
    with zipfile.ZipFile(template, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/media/photo.bin", os.urandom(21 * 1024 * 1024))
    with pytest.raises(TemplateError, match="larger than") as refused:
        check_template(template.read_bytes())
    assert "\n" not in str(refused.value)
