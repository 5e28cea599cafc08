"""A document's cleaned text and its entity mentions, for the app's document view.

The workspace keeps each document's metadata and its extraction (entities with
character offsets) but not its text. The text is read again from the input file
the manifest lists for it, through the same reader and cleanup as the build,
and accepted only when its content hash is the document id: a file edited since
the build is reported, never shown with misplaced highlights. Only files in the
manifest are ever opened, whatever id a request names.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import networkx as nx

from threadline.errors import InputError
from threadline.graph.model import content_hash
from threadline.layout import CACHE_DIRNAME, MANIFEST_FILENAME
from threadline.lookup import find_entities
from threadline.workspace.cache import ExtractionCache, Manifest

_KEEP = 32  # texts kept in memory (most recently read)


class DocumentNotFound(KeyError):
    """No document of the workspace has this id."""


class DocumentReader:
    """Reads documents of one workspace back from their input files."""

    def __init__(self, workspace: Any) -> None:
        self.workspace = workspace
        self._texts: OrderedDict[str, str | None] = OrderedDict()

    def forget(self) -> None:
        """Drop what was read (after a rebuild the mentions may differ)."""
        self._texts.clear()

    def read(self, doc_id: str, graph: nx.MultiDiGraph) -> dict[str, Any]:
        documents = graph.graph.get("documents") or {}
        meta = documents.get(doc_id)
        if meta is None:
            raise DocumentNotFound(doc_id)
        manifest = Manifest.load(self.workspace.path / MANIFEST_FILENAME)
        text, problem = self._text(doc_id, manifest)
        mentions = self._mentions(doc_id, manifest, graph) if text is not None else []
        return {
            "doc_id": doc_id,
            "title": meta.get("title"),
            "date": meta.get("date"),
            "source": meta.get("source"),
            "url": meta.get("url"),
            "author": meta.get("author"),
            "origins": list(meta.get("origins") or ()),
            "text": text,
            "problem": problem,
            "mentions": mentions,
        }

    def _text(self, doc_id: str, manifest: Manifest) -> tuple[str | None, str | None]:
        if doc_id in self._texts:
            self._texts.move_to_end(doc_id)
            return self._texts[doc_id], None
        from threadline.ingest.documents import read_file

        files = [key for key, entry in manifest.files.items() if doc_id in entry.doc_ids]
        if not files:
            return None, "the document's input file is not in the workspace manifest"
        problems = []
        for path in files:
            if path == "-":
                problems.append("read from standard input; its text was not kept")
                continue
            try:
                found = read_file(path, self.workspace.config.ingest)
            except InputError as exc:
                problems.append(f"{exc.path}: {exc.reason}")
                continue
            except OSError as exc:
                problems.append(f"{path}: {exc.strerror or exc}")
                continue
            for document in found:
                if document.id == doc_id and content_hash(document.text) == doc_id:
                    self._texts[doc_id] = document.text
                    while len(self._texts) > _KEEP:
                        self._texts.popitem(last=False)
                    return document.text, None
            problems.append(f"{path}: changed since the last build (run threadline build)")
        return None, "; ".join(problems)

    def _mentions(
        self, doc_id: str, manifest: Manifest, graph: nx.MultiDiGraph
    ) -> list[dict[str, Any]]:
        """Every mention in the document, with the graph entity it belongs to (when one does)."""
        if manifest.fingerprint is None:
            return []
        cache = ExtractionCache(self.workspace.path / CACHE_DIRNAME)
        extraction = cache.get(doc_id, manifest.fingerprint)
        if extraction is None:
            return []
        mentions: list[dict[str, Any]] = []
        for entity in extraction.entities:
            candidates = [
                node
                for node in find_entities(graph, entity.name)
                if graph.nodes[node].get("type") == entity.type
            ]
            canonical = candidates[0] if len(candidates) == 1 else None
            for mention in entity.mentions:
                mentions.append(
                    {
                        "start": mention.start,
                        "end": mention.end,
                        "text": mention.text,
                        "type": entity.type,
                        "id": canonical,
                    }
                )
        mentions.sort(key=lambda m: (m["start"], -m["end"]))
        return mentions
