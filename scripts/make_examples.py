"""Generate the PDF and DOCX files of the example corpus from plain-text sources.

The bundled corpus (examples/) mixes formats on purpose, so the demo exercises
every reader. The PDF and DOCX files are generated from the texts in
scripts/example_sources/ and committed; run this again after editing a source:

    .venv/bin/python scripts/make_examples.py

The first line of a source is its title; paragraphs are separated by blank lines.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "example_sources"
EXAMPLES = HERE.parent / "examples"
PDF_SOURCES = ("06-directorate-memo", "15-grant-audit")
FIXED_DATE = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
DOCX_SOURCES = ("14-lumen-materials", "16-board-appointments")


def read_source(stem: str) -> tuple[str, list[str]]:
    """The title and the paragraphs of a source text."""
    blocks = [b.strip() for b in (SOURCES / f"{stem}.txt").read_text("utf-8").split("\n\n")]
    blocks = [b for b in blocks if b]
    return blocks[0], blocks[1:]


def write_pdf(stem: str) -> Path:
    title, paragraphs = read_source(stem)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)  # regenerating gives identical bytes
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, title)
    pdf.ln(4)
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        pdf.multi_cell(0, 6, paragraph)
        pdf.ln(3)
    out = EXAMPLES / f"{stem}.pdf"
    pdf.output(str(out))
    return out


def write_docx(stem: str) -> Path:
    title, paragraphs = read_source(stem)
    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = EXAMPLES / f"{stem}.docx"
    document.save(str(out))
    return out


def main() -> None:
    for stem in PDF_SOURCES:
        print(write_pdf(stem))
    for stem in DOCX_SOURCES:
        print(write_docx(stem))


if __name__ == "__main__":
    main()
