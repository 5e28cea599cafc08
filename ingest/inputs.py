"""What ``threadline extract`` reads and prints, as library calls.

``extraction_documents`` gathers the documents of a text, a JSONL file of
``{"id", "text"}`` lines (offsets index each text exactly as given) and files or
folders; ``extraction_rows`` turns an extraction into table rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from threadline.errors import InputError
from threadline.graph.model import Document, Evidence, Extraction
from threadline.ingest.documents import iter_documents

if TYPE_CHECKING:
    from threadline.config import IngestConfig

__all__ = ["extraction_documents", "extraction_rows", "read_jsonl_input"]


def extraction_rows(extraction: Extraction) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One extraction as table rows: its entities, and its relations with their sentences."""
    names = {e.id: e.name for e in extraction.entities}
    document = extraction.title or extraction.doc_id
    entities = [
        {
            "document": document,
            "type": e.type,
            "name": e.name,
            "mentions": len(e.mentions),
            "aliases": ", ".join(e.aliases),
        }
        for e in extraction.entities
    ]
    relations = []
    for relation in extraction.relations:
        properties = ", ".join(f"{k}={v}" for k, v in relation.properties.items())
        sentences: list[Evidence | None] = [*relation.evidence] or [None]
        for evidence in sentences:
            relations.append(
                {
                    "document": document,
                    "source": names.get(relation.source, relation.source),
                    "relation": relation.type + (f" ({properties})" if properties else ""),
                    "target": names.get(relation.target, relation.target),
                    "confidence": evidence.confidence if evidence else None,
                    "sentence": evidence.sentence if evidence else None,
                }
            )
    return entities, relations


def extraction_documents(
    paths: Sequence[str | Path],
    text: str | None,
    jsonl_input: str | Path | None,
    config: IngestConfig,
    on_failure: Callable[[InputError], None],
) -> Iterator[Document]:
    """The documents ``threadline extract`` reads: a text, a JSONL file, then files and folders.

    A file that cannot be read goes to ``on_failure`` and the rest goes on; a
    malformed JSONL line raises ``InputError`` naming the file and line.
    """
    if text is not None:
        yield Document.from_text(text)
    if jsonl_input is not None:
        yield from read_jsonl_input(Path(jsonl_input))
    if paths:
        yield from iter_documents([str(p) for p in paths], config, on_failure=on_failure)


def read_jsonl_input(path: Path) -> Iterator[Document]:
    """Documents from ``{"id", "text"}`` lines, texts exactly as given (no cleanup)."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}", f"invalid JSON ({exc.msg})") from exc
            if not isinstance(data, dict) or not isinstance(data.get("text"), str):
                raise InputError(f"{path}:{number}", 'expected {"id": ..., "text": "..."}')
            doc_id = data.get("id")
            text = data["text"]
            document = Document.from_text(text, title=data.get("title"))
            if doc_id is not None:
                document.id = str(doc_id)
            yield document
