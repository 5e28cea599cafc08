"""Each reader on real files the tests write: text, Markdown, HTML, PDF, DOCX, JSONL, CSV."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from threadline.config import IngestConfig
from threadline.errors import InputError
from threadline.ingest.documents import read_file, read_jsonl_rows
from threadline.ingest.readers.tabular import read_csv_rows

CONFIG = IngestConfig()
BODY = "The harbour board approved the budget for Quay Nine on Monday."


def write_docx(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Board Minutes"
    document.core_properties.author = "Port Secretary"
    document.add_heading("Minutes of the March meeting", level=1)
    document.add_paragraph(BODY)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Member"
    table.cell(0, 1).text = "Role"
    table.cell(1, 0).text = "Ana Ruiz"
    table.cell(1, 1).text = "Chair"
    document.add_paragraph("The next meeting is in April.")
    document.save(str(path))
    return path


def test_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Quay budget passes\n\n{BODY} Señora Núñez voted yes.\n", "utf-8")
    (doc,) = read_file(path, CONFIG)
    assert doc.title == "Quay budget passes"
    assert "Señora Núñez" in doc.text
    assert doc.format == "text" and doc.origins == [str(path)]


def test_legacy_encoding_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    text = "Le conseil du port a voté le budget du quai. La séance a duré trois heures à Sète."
    path.write_bytes(text.encode("cp1252"))
    (doc,) = read_file(path, CONFIG)
    assert doc.text == text


def test_invalid_utf8_survives_with_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(BODY.encode() + b" Cost: \xa312m, " + "naïve".encode() + b" plan.")
    (doc,) = read_file(path, CONFIG)
    assert "\ufffd12m" in doc.text and "naïve" in doc.text


def test_utf16_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(BODY.encode("utf-16"))
    assert read_file(path, CONFIG)[0].text == BODY


def test_markdown_markup_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "# Quay Nine opens\n\nThe **harbour board** met [online](https://example.org).\n"
        "![map](map.png)\n"
    )
    (doc,) = read_file(path, CONFIG)
    assert doc.title == "Quay Nine opens"
    assert doc.text == "Quay Nine opens\n\nThe harbour board met online.\nmap"
    assert doc.format == "markdown"


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Quay Nine opens | Port Times</title>"
        '<meta name="author" content="Jo Lee">'
        '<meta property="article:published_time" content="2023-05-02">'
        '<link rel="canonical" href="https://example.org/quay-nine">'
        "<script>var tracker = 'do-not-index';</script></head><body>"
        "<nav>Home | News | Skip to content</nav>"
        '<iframe src="https://ads.example.org/frame"></iframe>'
        "<article><h1>Quay Nine opens</h1>"
        f"<p>{BODY} The first ship is expected in June, the board said.</p>"
        "<p>Engineers finished the crane tests last week, ahead of schedule and under budget.</p>"
        "<script>document.write('injected words');</script></article>"
        "<footer>Related Topics: ports</footer></body></html>"
    )
    (doc,) = read_file(path, CONFIG)
    assert BODY in doc.text and "crane tests" in doc.text
    for junk in ("do-not-index", "injected", "Home | News", "Related Topics", "ads.example"):
        assert junk not in doc.text
    assert doc.title and doc.title.startswith("Quay Nine opens")
    assert (doc.author, doc.date, doc.url) == (
        "Jo Lee",
        "2023-05-02",
        "https://example.org/quay-nine",
    )
    assert doc.format == "html"


def test_pdf_text_layer_page_by_page(tmp_path: Path, write_pdf: Callable[..., Path]) -> None:
    path = write_pdf(
        tmp_path / "report.pdf",
        ["Harbour report\n\n" + BODY, "Page two says the cranes passed their tests."],
        title="Annual Harbour Report",
    )
    (doc,) = read_file(path, CONFIG)
    assert BODY in doc.text and "cranes passed their tests" in doc.text
    assert doc.text.index(BODY) < doc.text.index("cranes")
    assert doc.title == "Annual Harbour Report" and doc.format == "pdf"


def test_docx_paragraphs_tables_and_properties(tmp_path: Path) -> None:
    (doc,) = read_file(write_docx(tmp_path / "minutes.docx"), CONFIG)
    assert doc.text == (
        "Minutes of the March meeting\n\n"
        f"{BODY}\n\nMember; Role\n\nAna Ruiz; Chair\n\nThe next meeting is in April."
    )
    assert (doc.title, doc.author, doc.format) == ("Board Minutes", "Port Secretary", "docx")


def test_jsonl_rows_become_documents_with_their_metadata(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    rows = [
        {
            "id": "r1",
            "text": f"  {BODY}  ",
            "title": "Quay",
            "date": "2023-05-02",
            "url": "https://example.org/1",
            "source": "Port Times",
        },
        {"id": 2, "text": "The mill on the river closed after a century."},
        {"id": "r3", "text": ""},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n")
    documents = read_file(path, CONFIG)
    assert [d.text for d in documents] == [BODY, "The mill on the river closed after a century."]
    first = documents[0]
    assert (first.title, first.date, first.url, first.source) == (
        "Quay",
        "2023-05-02",
        "https://example.org/1",
        "Port Times",
    )
    assert [d.origins for d in documents] == [[f"{path}#r1"], [f"{path}#2"]]
    assert all(d.format == "jsonl" for d in documents)


def test_jsonl_rows_can_be_read_exactly_as_given(tmp_path: Path) -> None:
    path = tmp_path / "extract.jsonl"
    raw = "  Ana  Ruiz met\u00a0the \u201cboard\u201d.\n"
    path.write_text(json.dumps({"id": "a", "text": raw}) + "\n")
    (row,) = read_jsonl_rows(path, CONFIG)
    assert (row.id, row.text, row.line) == ("a", raw, 1)
    (cleaned,) = read_jsonl_rows(path, CONFIG, clean=True)
    assert cleaned.text == 'Ana Ruiz met the "board".'


def test_jsonl_rows_from_stdin() -> None:
    stdin = io.BytesIO(b'{"id": "s", "text": "From a pipe."}\n')
    (row,) = read_jsonl_rows("-", CONFIG, stdin=stdin)
    assert (row.id, row.text) == ("s", "From a pipe.")


def test_csv_with_configured_columns(tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    long_text = "The quay, the cranes and the road, all finished. " * 4000
    path.write_text(
        'ref,body,headline\nq1,"' + BODY + '","Quay"\nq2,"' + long_text + '",Works\nq3,,Empty\n'
    )
    config = IngestConfig(text_column="body", id_column="ref", title_column="headline")
    documents = read_file(path, config)
    assert [(d.title, d.origins) for d in documents] == [
        ("Quay", [f"{path}#q1"]),
        ("Works", [f"{path}#q2"]),
    ]
    assert [r.id for r in read_csv_rows(path, config)] == ["q1", "q2"]
    with pytest.raises(InputError, match="no 'text' column"):
        read_file(path, CONFIG)


def test_plain_text_from_stdin() -> None:
    (doc,) = read_file("-", CONFIG, stdin=io.BytesIO(BODY.encode()))
    assert doc.text == BODY and doc.origins == ["-"]
