"""Hostile and broken inputs: each is one clear failure (or a safe read), never a crash."""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from threadline.config import IngestConfig
from threadline.errors import InputError
from threadline.ingest.documents import iter_documents, read_file

CONFIG = IngestConfig()
BODY = "The harbour board approved the budget for Quay Nine on Monday."


def _docx(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph(BODY)
    document.save(str(path))
    return path


def _failure(path: Path | str, config: IngestConfig = CONFIG) -> str:
    with pytest.raises(InputError) as caught:
        read_file(path, config)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return caught.value.reason


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert _failure(tmp_path / "empty.txt") == "empty file"


def test_whitespace_and_furniture_only(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("  \n\n Skip to content \n\t\n")
    assert "no text" in _failure(tmp_path / "blank.txt")


def test_binary_junk_with_a_text_extension(tmp_path: Path) -> None:
    (tmp_path / "junk.txt").write_bytes(os.urandom(20000))
    assert "binary" in _failure(tmp_path / "junk.txt")


def test_nul_bytes_are_dropped_and_the_text_read(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(BODY.encode().replace(b" ", b" \x00", 3))
    assert read_file(tmp_path / "nul.txt", CONFIG)[0].text == BODY
    (tmp_path / "nuls.txt").write_bytes(b"\x00" * 100)
    assert "NUL" in _failure(tmp_path / "nuls.txt")


def test_ten_megabyte_single_line_reads_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("word " * 2_000_000)
    started = time.perf_counter()
    (doc,) = read_file(path, CONFIG)
    assert time.perf_counter() - started < 10
    assert len(doc.text) == 10_000_000 - 1


def test_file_above_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"x" * 3 * 1024 * 1024)
    reason = _failure(tmp_path / "big.txt", IngestConfig(max_file_mb=1))
    assert reason == "file is 3.0 MB, above the 1 MB limit (ingest.max_file_mb)"


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert _failure(tmp_path / "nope.txt") == "no such file or directory"
    assert _failure(tmp_path) == "is a directory"


def test_symlink_loop_and_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    assert _failure(tmp_path / "a.txt") == "symlink loop"
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    assert "broken symlink" in _failure(tmp_path / "dangling.txt")


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert "not a regular file" in _failure(tmp_path / "pipe.txt")


def test_unreadable_permissions() -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        folder.chmod(0o755)
        path = folder / "secret.txt"
        path.write_text(BODY)
        path.chmod(0)
        if os.geteuid() != 0:
            assert _failure(path) == "permission denied"
            return
        # root reads anything: ask from a child process that gave up root
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(reader)
            try:
                os.setgid(65534)
                os.setuid(65534)
                read_file(path, CONFIG)
                message = "read"
            except InputError as exc:
                message = str(exc)
            except BaseException as exc:
                message = f"crash {exc!r}"
            os.write(writer, message.encode())
            os._exit(0)
        os.close(writer)
        with os.fdopen(reader) as pipe:
            message = pipe.read()
        os.waitpid(pid, 0)
        assert message == f"{path}: permission denied"
    finally:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def test_truncated_pdf(tmp_path: Path, write_pdf: Callable[..., Path]) -> None:
    data = write_pdf(tmp_path / "whole.pdf", [BODY]).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 2])
    assert "damaged or truncated PDF" in _failure(tmp_path / "cut.pdf")


def test_encrypted_pdf(tmp_path: Path, write_pdf: Callable[..., Path]) -> None:
    writer = PdfWriter(clone_from=write_pdf(tmp_path / "plain.pdf", [BODY]))
    writer.encrypt(user_password="s3cret", owner_password="owner", algorithm="RC4-128")
    writer.write(tmp_path / "locked.pdf")
    assert _failure(tmp_path / "locked.pdf") == "encrypted PDF (a password is needed)"


def test_pdf_encrypted_with_an_empty_password_opens(
    tmp_path: Path, write_pdf: Callable[..., Path]
) -> None:
    writer = PdfWriter(clone_from=write_pdf(tmp_path / "plain.pdf", [BODY]))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    writer.write(tmp_path / "owner-only.pdf")
    assert BODY in read_file(tmp_path / "owner-only.pdf", CONFIG)[0].text


def test_pdf_without_a_text_layer_says_it_needs_ocr(
    tmp_path: Path, write_pdf: Callable[..., Path]
) -> None:
    assert "needs OCR" in _failure(write_pdf(tmp_path / "scan.pdf", [""]))


def test_text_file_named_pdf(tmp_path: Path) -> None:
    (tmp_path / "fake.pdf").write_text(BODY)
    assert "not a PDF" in _failure(tmp_path / "fake.pdf")


def test_corrupt_docx(tmp_path: Path) -> None:
    data = _docx(tmp_path / "good.docx").read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 3])
    assert "not a valid DOCX" in _failure(tmp_path / "cut.docx")
    (tmp_path / "text.docx").write_text(BODY)
    assert "not a valid DOCX" in _failure(tmp_path / "text.docx")


def test_zip_without_a_document_is_not_a_docx(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as archive:
        archive.writestr("readme.txt", BODY)
    assert "not a valid DOCX" in _failure(tmp_path / "other.docx")


def test_docx_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    good = _docx(tmp_path / "good.docx")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        out.writestr("word/media/padding.bin", b"\0" * (8 * 1024 * 1024))
    assert bomb.stat().st_size < 100_000
    reason = _failure(bomb, IngestConfig(max_decompressed_mb=2))
    assert "zip bomb" in reason and "max_decompressed_mb" in reason
    assert read_file(bomb, CONFIG)[0].text == BODY  # under the default cap it is fine


def test_deeply_nested_html_fails_cleanly_or_reads(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 50_000 + BODY + "</div>" * 50_000 + "</body></html>")
    try:
        documents = read_file(path, CONFIG)
    except InputError as exc:
        assert str(exc).startswith(f"{path}: ")
    else:
        assert BODY in documents[0].text


def test_html_scripts_and_iframes_never_reach_the_text(tmp_path: Path) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(
        "<html><head><script>steal()</script><style>p{}</style></head><body>"
        '<iframe src="javascript:alert(1)">frame words</iframe>'
        f"<article><p>{BODY} It also voted on the dredging contract for next year.</p>"
        "<script>alert('<b>x</b>')</script><noscript>enable scripts</noscript>"
        "<p>The contract goes to a firm from Rotterdam after an open tender.</p></article>"
        "</body></html>"
    )
    (doc,) = read_file(path, CONFIG)
    assert BODY in doc.text
    for junk in ("steal", "alert", "frame words", "p{}", "enable scripts", "<"):
        assert junk not in doc.text


def test_right_to_left_zero_width_and_markup_in_names_read_safely(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text(
        "Meeting notes\n\n"
        "Present: \u05d3\u05d5\u05d3 \u05dc\u05d5\u05d9, \u0644\u064a\u0644\u0649 \u062d\u0633\u0646, "
        "Jo\u200bhn Sm\u200dith, \u202eevil\u202c Corp, <script>alert(1)</script> Ltd, "
        "O'Brien `})-[:X]->( Holdings, and \U0001f680 Rocket Labs.\n"
    )
    (doc,) = read_file(path, CONFIG)
    assert "\u05d3\u05d5\u05d3 \u05dc\u05d5\u05d9" in doc.text
    assert "\u0644\u064a\u0644\u0649 \u062d\u0633\u0646" in doc.text
    assert "John" in doc.text and "\u202e" not in doc.text
    assert "<script>alert(1)</script>" in doc.text  # text stays text; escaping is the writers' job
    assert "`})-[:X]->(" in doc.text and "\U0001f680" in doc.text


def test_a_batch_reports_each_bad_file_once_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(f"Quay budget passes\n\n{BODY}\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "junk.txt").write_bytes(os.urandom(5000))
    (tmp_path / "fake.pdf").write_text("not a pdf at all")
    (tmp_path / "cut.docx").write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "same.txt").write_text(f"Quay budget passes\n\n{BODY}")
    failures: list[InputError] = []
    documents = list(iter_documents([tmp_path], CONFIG, on_failure=failures.append))
    assert sorted(Path(f.path).name for f in failures) == [
        "cut.docx",
        "empty.txt",
        "fake.pdf",
        "junk.txt",
        "loop.txt",
    ]
    (doc,) = documents
    assert doc.origins == [str(tmp_path / "copy" / "same.txt"), str(tmp_path / "good.txt")]
    with pytest.raises(InputError):
        list(iter_documents([tmp_path], CONFIG))
