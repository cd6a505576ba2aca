"""What a download gives when its export could not be made: a file of the format asked for
that says so in one line, so a click on a download button never does nothing (the page has
drawn by then, and Streamlit shows nothing of a failure inside a download's making)."""

from __future__ import annotations

import html
import io
import zipfile

from publishing.safe import safe_csv, xml_safe

FAILED = ("This export could not be made: something went wrong while making it, and the "
          "details are in the dashboard's log. Tell the person who runs the dashboard; the "
          "other exports, and the pages, are not affected.")


def failed_file(fmt: str, line: str = FAILED) -> bytes:
    """A `fmt` file (docx, html, pdf, xlsx, csv or zip) holding `line` and nothing else."""
    if fmt == "docx":
        from docx import Document

        document = Document()
        document.core_properties.title = "Export not made"
        document.add_heading("Export not made", level=1)
        document.add_paragraph(xml_safe(line))
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    if fmt == "html":
        return ("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
                f"<title>Export not made</title></head><body><h1>Export not made</h1>"
                f"<p>{html.escape(line)}</p></body></html>").encode()
    if fmt == "pdf":
        return _pdf(line)
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Export not made"
        sheet["A1"] = xml_safe(line)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    if fmt == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("export_not_made.txt", line + "\n")
        return buffer.getvalue()
    import pandas as pd

    return safe_csv(pd.DataFrame({"export not made": [line]}))


def _pdf(line: str) -> bytes:
    """A one-page A4 PDF with the line, wrapped, in a standard font (no browser needed)."""
    words, lines, current = line.encode("latin-1", "replace").decode("latin-1").split(), [], ""
    for word in words:
        if len(current) + len(word) + 1 > 85:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    text = "BT /F1 11 Tf 56 780 Td 15 TL " + " ".join(
        "(" + t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for t in ["Export not made", "", *lines]) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text.encode("latin-1")) + text.encode("latin-1")
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, start))
    return out.getvalue()
