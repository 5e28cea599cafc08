"""The workspace cache: per-document extractions and the file manifest.

NLP is the one expensive step, so its results are kept per document, keyed by
the document's content hash *and* the extractor fingerprint (model, patterns,
gazetteers, ontology): the same text under the same pipeline is never processed
twice, and changing the pipeline re-extracts because the key changes.

The manifest remembers, for every input file, its size and modification time
and the documents it produced (with their metadata), so a warm build neither
re-reads nor re-cleans a file that has not changed.

Every write is atomic (a temporary file in the same folder, then
``os.replace``): a build killed at any instant leaves either the old entry or
the new one, never half of one. Cache entries are not fsynced: a killed process
cannot lose data the kernel already holds, and an entry lost to a power cut is
just re-extracted. The manifest is fsynced because it is the index.

>>> import tempfile
>>> from threadline.graph.model import Extraction
>>> cache = ExtractionCache(tempfile.mkdtemp())
>>> cache.put(Extraction(doc_id="d1", title=None, text_length=3), "fp1").doc_id
'd1'
>>> cache.has("d1", "fp1"), cache.has("d1", "fp2")
(True, False)
>>> cache.get("d1", "fp1").doc_id
'd1'
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threadline.atomic import write_atomic
from threadline.errors import WorkspaceError
from threadline.graph.model import Extraction

log = logging.getLogger(__name__)

MANIFEST_VERSION = 1
STDIN_KEY = "-"


def fingerprint_key(fingerprint: str) -> str:
    """A short, path-safe folder name for an extractor fingerprint.

    >>> fingerprint_key("en_core_web_sm 3.8.0|patterns=ab12")
    'f8c7c539b22c7c5d'
    """
    return hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()[:16]


class ExtractionCache:
    """Extractions on disk, one JSON file per (fingerprint, document)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path(self, doc_id: str, fingerprint: str) -> Path:
        return self.root / fingerprint_key(fingerprint) / doc_id[:2] / f"{doc_id}.json"

    def has(self, doc_id: str, fingerprint: str) -> bool:
        return self.path(doc_id, fingerprint).is_file()

    def put(self, extraction: Extraction, fingerprint: str) -> Extraction:
        """Store ``extraction``; returns it as ``get`` will read it back (the JSON
        rounds scores), for a build that goes on with it without reading the file."""
        data = extraction.to_dict()
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_atomic(self.path(extraction.doc_id, fingerprint), text.encode("utf-8"))
        return Extraction.from_dict(data)

    def get(self, doc_id: str, fingerprint: str) -> Extraction | None:
        """The cached extraction, or None when absent or unreadable (it is then redone)."""
        path = self.path(doc_id, fingerprint)
        try:
            return Extraction.from_dict(json.loads(path.read_bytes()))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("%s: unreadable cache entry, it will be extracted again (%s)", path, exc)
            return None

    def get_many(self, doc_ids: Iterable[str], fingerprint: str) -> dict[str, Extraction]:
        """Every readable cached extraction among ``doc_ids``."""
        found: dict[str, Extraction] = {}
        for doc_id in doc_ids:
            extraction = self.get(doc_id, fingerprint)
            if extraction is not None:
                found[doc_id] = extraction
        return found

    def missing(self, doc_ids: Iterable[str], fingerprint: str) -> list[str]:
        return [d for d in doc_ids if not self.has(d, fingerprint)]


@dataclass(slots=True)
class FileEntry:
    """What the manifest knows about one input file."""

    size: int
    mtime_ns: int
    documents: list[dict[str, Any]] = field(default_factory=list)

    @property
    def doc_ids(self) -> list[str]:
        return [d["doc_id"] for d in self.documents]

    def matches(self, stat: os.stat_result) -> bool:
        return stat.st_size == self.size and stat.st_mtime_ns == self.mtime_ns

    def to_dict(self) -> dict[str, Any]:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "documents": self.documents}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FileEntry:
        return cls(
            size=int(data["size"]),
            mtime_ns=int(data["mtime_ns"]),
            documents=list(data.get("documents") or []),
        )


@dataclass(slots=True)
class Manifest:
    """Input files -> their documents; the workspace's document set is their union."""

    files: dict[str, FileEntry] = field(default_factory=dict)
    fingerprint: str | None = None

    @classmethod
    def load(cls, path: str | Path) -> Manifest:
        path = Path(path)
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            raise WorkspaceError(
                f"{path}: unreadable manifest ({exc}); run 'threadline build --rebuild'"
            ) from exc
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            log.warning("%s: manifest from another version, files will be read again", path)
            return cls()
        try:
            files = {k: FileEntry.from_dict(v) for k, v in (data.get("files") or {}).items()}
        except (KeyError, TypeError, ValueError) as exc:
            raise WorkspaceError(
                f"{path}: malformed manifest ({exc}); run 'threadline build --rebuild'"
            ) from exc
        return cls(files=files, fingerprint=data.get("fingerprint"))

    def save(self, path: str | Path) -> None:
        data = {
            "version": MANIFEST_VERSION,
            "fingerprint": self.fingerprint,
            "files": {k: self.files[k].to_dict() for k in sorted(self.files)},
        }
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_atomic(Path(path), text.encode("utf-8"), sync=True)

    def documents(self) -> dict[str, dict[str, Any]]:
        """Metadata of every document, by id; a document in several files lists every origin.

        >>> m = Manifest(files={
        ...     "a.txt": FileEntry(1, 1, [{"doc_id": "d1", "title": "T", "origins": ["a.txt"]}]),
        ...     "b.txt": FileEntry(1, 1, [{"doc_id": "d1", "title": "T", "origins": ["b.txt"]}]),
        ... })
        >>> m.documents()["d1"]["origins"]
        ['a.txt', 'b.txt']
        """
        merged: dict[str, dict[str, Any]] = {}
        for key in sorted(self.files):
            for meta in self.files[key].documents:
                doc_id = meta["doc_id"]
                if doc_id not in merged:
                    merged[doc_id] = dict(meta, origins=list(meta.get("origins") or []))
                    continue
                known = merged[doc_id]
                for origin in meta.get("origins") or ():
                    if origin not in known["origins"]:
                        known["origins"].append(origin)
                for name, value in meta.items():
                    if known.get(name) is None and value is not None:
                        known[name] = value
        return {doc_id: merged[doc_id] for doc_id in sorted(merged)}
