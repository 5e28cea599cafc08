"""The extractor: documents in, ``Extraction`` objects out (entities, relations, co-mentions).

One ``Extractor`` owns a loaded spaCy pipeline and runs the whole extraction for
a document: ``nlp.pipe`` in batches, entity cleanup (entities.py), aliases and
coreference (linking.py), the relation engine and sentence co-mentions.
``extract_many`` spreads documents over processes; each worker loads the
pipeline once and sends back small Extraction dicts, never spaCy Docs (which is
what spaCy's own ``n_process`` would ship to the parent).

Texts longer than ``config.nlp.max_chars`` are processed in slices cut at
paragraph boundaries (ingest/slices.py); offsets are shifted back, so they
always index the whole document text.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from itertools import islice
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from threadline.config import Config
from threadline.forking import fork_safe, fresh_start_method
from threadline.graph.model import CoMention, Document, Entity, Extraction, Relation
from threadline.graph.ontology import Ontology
from threadline.ingest.cached_lemmas import common_words
from threadline.ingest.candidates import Rejection
from threadline.ingest.entities import EntityCleaner
from threadline.ingest.evidence import places
from threadline.ingest.gazetteer import Gazetteer
from threadline.ingest.linking import EntityLinker
from threadline.ingest.nlp import installed_model_version, load_pipeline
from threadline.ingest.pattern_files import bundled_pattern_files, read_pattern_file
from threadline.ingest.slices import SliceExtraction, assemble, char_bounded_batches, slice_text
from threadline.ingest.spans import DocEntities, mark_tokens_as_found
from threadline.ingest.untagged_names import find_with_untagged_names
from threadline.long_lived import LongLived
from threadline.names import name_key

log = logging.getLogger(__name__)

# Bump when a change to the entity step changes what it extracts from the same
# text: cached extractions from an older version are then redone.
EXTRACTOR_VERSION = "351"  # a lone name only the label calls a person, after "the", is none


@dataclass(slots=True)
class ExtractionReport:
    """What the entity cleanup dropped: counts by reason, and the spans when asked."""

    reasons: Counter[str] = field(default_factory=Counter)
    rejected: list[tuple[str, Rejection]] = field(default_factory=list)


class Extractor:
    """Runs the NLP pipeline and the extraction for documents.

    The spaCy pipeline loads on first use, so building an Extractor to read its
    ``fingerprint`` (to check a cache) costs no model load.
    """

    def __init__(
        self,
        config: Config,
        ontology: Ontology,
        keep_rejected: bool = False,
        relations: bool = True,
    ) -> None:
        self.config = config
        self.ontology = ontology
        self.keep_rejected = keep_rejected
        self.with_relations = relations
        self.gazetteer = Gazetteer.load(config.nlp.gazetteers)
        self.report = ExtractionReport()
        self._nlp: Language | None = None
        self._cleaner: EntityCleaner | None = None
        self._linker: EntityLinker | None = None
        self._relations: Any = None
        self._find_comentions: Callable[..., list[CoMention]] | None = None
        self._fingerprint: str | None = None

    # -- set-up -------------------------------------------------------------

    def load(self) -> None:
        """Load the pipeline now rather than at the first document (a build does it
        while its inputs are still being read)."""
        _ = self.nlp

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            nlp = load_pipeline(self.config.nlp.model, self.gazetteer)
            nlp.max_length = max(nlp.max_length, self.config.nlp.max_chars + 1)
            self._nlp = nlp
            self._cleaner = EntityCleaner(
                self.ontology,
                self.gazetteer,
                common=common_words(nlp),
                verbs=common_words(nlp, ("verb",)),
            )
            self._linker = EntityLinker(nlp.vocab, self._cleaner.rules)
            if self.with_relations:
                from threadline.ingest.comentions import find_comentions
                from threadline.ingest.relations import RelationEngine

                if self._relations is None:  # not made already for the fingerprint
                    self._relations = RelationEngine.from_config(self.config, self.ontology)
                if self.config.nlp.comentions:
                    self._find_comentions = find_comentions
        return self._nlp

    @property
    def relation_engine(self) -> Any:
        """The relation engine (patterns and classifier) this extractor runs, loaded on first use."""
        _ = self.nlp
        return self._relations

    @property
    def fingerprint(self) -> str:
        """Changes when anything that shapes an extraction changes.

        Model name and version, gazetteers, the entity rules, relation pattern
        files, the ontology, and EXTRACTOR_VERSION (and the relation engine's own
        fingerprint when it is present).
        """
        if self._fingerprint is None:
            package = resources.files("threadline.ingest")
            parts: dict[str, Any] = {
                "extractor": EXTRACTOR_VERSION,
                "model": self.config.nlp.model,
                "model_version": installed_model_version(self.config.nlp.model),
                "gazetteer": self.gazetteer.fingerprint,
                "entity_rules": package.joinpath("entity_rules.yaml").read_text("utf-8"),
                "ontology": self.ontology.fingerprint,
                "max_chars": self.config.nlp.max_chars,
                "comentions": self.config.nlp.comentions,
                "untagged_names": self.config.nlp.untagged_names,
                "patterns": sorted(
                    [text for _, text in bundled_pattern_files()]
                    + [read_pattern_file(Path(p)) for p in self.config.nlp.pattern_files]
                ),
            }
            parts["with_relations"] = self.with_relations
            if self.with_relations:
                from threadline.ingest.relations import RelationEngine

                # Kept: loading the pipeline then reuses it instead of reading
                # every pattern file a second time.
                if self._relations is None:
                    self._relations = RelationEngine.from_config(self.config, self.ontology)
                parts["relations"] = self._relations.fingerprint
            blob = json.dumps(parts, sort_keys=True).encode()
            self._fingerprint = hashlib.sha256(blob).hexdigest()[:16]
        return self._fingerprint

    # -- extraction ---------------------------------------------------------

    def extract(self, document: Document) -> Extraction:
        """Extract one document (in this process)."""
        return next(iter(self._run([document])))

    def extract_many(
        self,
        documents: Iterable[Document],
        workers: int = 0,
        on_done: Callable[[Extraction], None] | None = None,
        on_progress: Callable[[str], None] | None = None,
    ) -> Iterator[Extraction]:
        """Extract documents in input order, on ``workers`` processes (0: one per core).

        One worker, or input that fits in one batch and holds no document longer
        than ``[nlp] max_chars``, runs in this process: a pool only pays off when
        there is work to share. In a pool, a long document's slices are parsed
        on several workers at once, and joined here.

        ``on_progress`` gets a document's id as soon as it is extracted, where
        it is extracted: a pool's workers send each id on a queue the moment
        the document is done, so it is called (from a helper thread) while the
        rest of the document's batch is still being parsed, before the batch's
        extractions come back. A progress bar then moves per document.
        """
        workers = workers or os.cpu_count() or 1
        batch_size = self.config.nlp.batch_size
        total = len(documents) if isinstance(documents, Sized) else None
        documents = iter(documents)
        first = list(islice(documents, batch_size))
        max_chars = self.config.nlp.max_chars
        small = len(first) < batch_size and all(len(d.text) <= max_chars for d in first)
        if workers == 1 or small:
            results: Iterable[Extraction] = self._run(_chain(first, documents))
            pooled = False
        else:
            results = self._run_pool(
                _chain(first, documents), workers, batch_size, on_progress, total
            )
            pooled = True
        for extraction in results:
            if on_progress is not None and not pooled:
                on_progress(extraction.doc_id)
            if on_done is not None:
                on_done(extraction)
            yield extraction

    def parse(self, texts: Iterable[str]) -> Iterator[tuple[Doc, DocEntities]]:
        """The parse and the entity step's result for each text: what relations read.

        Used to train the relation classifier on exactly what extraction sees.
        """
        for doc in self.nlp.pipe(texts, batch_size=self.config.nlp.batch_size):
            yield doc, self._entities(doc)[0]

    def _run(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        # The pipeline lives as long as the run: full collections need not visit it.
        with LongLived() as long_lived:
            self.load()
            long_lived.keep()
            for extraction, rejected in self._extract_stream(documents):
                self._record(extraction.doc_id, rejected)
                yield extraction

    def _run_pool(
        self,
        documents: Iterator[Document],
        workers: int,
        batch_size: int,
        on_progress: Callable[[str], None] | None = None,
        total: int | None = None,
    ) -> Iterator[Extraction]:
        keep = self.keep_rejected or log.isEnabledFor(logging.DEBUG)
        left = total
        # Progress travels apart from the results: a few bytes per document on
        # a pipe, while the batch's extractions come back as one future.
        # Forked where that is safe for it (Linux); elsewhere each worker starts fresh
        # from a fork server or a spawned interpreter and loads the pipeline itself.
        forked = fork_safe()
        context: BaseContext
        if forked:
            # The pipeline is loaded once, here, and the workers are forked with
            # it: none of them imports spaCy or loads the model again (each
            # would spend a few seconds of CPU on it before its first document).
            context = multiprocessing.get_context("fork")
            self.load()
            done = context.SimpleQueue() if on_progress is not None else None
            initializer: Callable[..., None] = _adopt_worker
            initargs: tuple[Any, ...] = (self, done)
        else:
            context = multiprocessing.get_context(fresh_start_method())
            done = context.SimpleQueue() if on_progress is not None else None
            initializer = _init_worker
            initargs = (self.config, self.ontology, self.with_relations, done)
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=initializer,
            initargs=initargs,
        )
        if forked:
            # Every worker is forked at the first submit, before the pool's own
            # threads and the progress relay start: no thread of this process
            # can hold a lock at the fork. Frozen objects (the pipeline) are
            # left alone by the collector, so their pages stay shared.
            with LongLived() as long_lived:
                long_lived.keep()
                pool.submit(int)
        max_chars = self.config.nlp.max_chars
        # The relay stops after the pool: every id a worker sent is delivered.
        with _relay(done, on_progress), pool:
            pending: deque[_Pending] = deque()
            while True:
                while len(pending) < workers * 2:
                    batch = list(islice(documents, _batch_size(batch_size, workers, left)))
                    if not batch:
                        break
                    if left is not None:
                        left -= len(batch)
                    pending.extend(_submit(pool, batch, keep, max_chars))
                if not pending:
                    return
                unit = pending.popleft()
                if isinstance(unit, Future):
                    for item in unit.result():
                        yield self.absorb(item)
                    continue
                # A long document: its slices, parsed on several workers, joined here
                # exactly as one worker joins them.
                document, slices = unit
                extraction, rejected = assemble(document, [f.result() for f in slices])
                self._record(extraction.doc_id, rejected)
                if on_progress is not None:
                    on_progress(extraction.doc_id)  # no worker announced it
                yield extraction

    def absorb(self, item: dict[str, Any]) -> Extraction:
        """The Extraction in one result of ``extract_batch`` (from another process),
        with its rejections added to this extractor's report."""
        extraction = Extraction.from_dict(item["extraction"])
        self.report.reasons.update(item["reasons"])
        for data in item["rejected"]:
            rejection = Rejection(**data)
            log.debug(
                _REJECTED, extraction.doc_id, rejection.text, rejection.label, rejection.reason
            )
            if self.keep_rejected:
                self.report.rejected.append((extraction.doc_id, rejection))
        return extraction

    def _record(self, doc_id: str, rejected: list[Rejection]) -> None:
        for rejection in rejected:
            self.report.reasons[rejection.reason] += 1
            log.debug(_REJECTED, doc_id, rejection.text, rejection.label, rejection.reason)
            if self.keep_rejected:
                self.report.rejected.append((doc_id, rejection))

    def _extract_stream(
        self, documents: Iterable[Document]
    ) -> Iterator[tuple[Extraction, list[Rejection]]]:
        nlp = self.nlp
        max_chars = self.config.nlp.max_chars

        def slices() -> Iterator[tuple[str, tuple[Document, int, bool]]]:
            for document in documents:
                parts = slice_text(document.text, max_chars)
                for i, (offset, text) in enumerate(parts):
                    yield text, (document, offset, i == len(parts) - 1)

        parts: list[SliceExtraction] = []
        for group in char_bounded_batches(slices(), self.config.nlp.batch_size, max_chars):
            for doc, (document, offset, last) in nlp.pipe(
                group, as_tuples=True, batch_size=len(group)
            ):
                parts.append(self._extract_doc(doc, offset, _source_name(document)))
                if last:
                    yield assemble(document, parts)
                    parts = []

    def _is_person(self, entity_type: str) -> bool:
        return self.ontology.has_trait(entity_type, "person")

    def _is_known_place(self, entity: Entity) -> bool:
        return self.ontology.has_trait(entity.type, "place") and name_key(entity.name) in places()

    def _entities(self, doc: Doc) -> tuple[DocEntities, list[Rejection]]:
        """The entity step's result for a parsed document and the spans it rejected; with
        relations, the tokens carry the types it found, which the patterns read."""
        assert self._cleaner is not None and self._linker is not None
        candidates, rejected = self._cleaner.candidates(doc)
        doc_entities = self._linker.link(doc, candidates)
        if self.with_relations:
            mark_tokens_as_found(doc, doc_entities, self._is_person, self._is_known_place)
        return doc_entities, rejected

    def _extract_doc(self, doc: Doc, offset: int, source: str = "a text") -> SliceExtraction:
        """One parsed text's entities, relations and co-mentions; ``source`` names the
        text in a warning."""
        assert self._cleaner is not None
        doc_entities, rejected = self._entities(doc)
        relations: list[Relation] = []
        if self._relations is not None:
            try:
                relations, doc_entities = self._find_relations(doc, doc_entities)
            except Exception as exc:
                # A fault of the relation step on one text: its entities are kept and
                # the rest of the batch goes on; the same text fails the same way on a
                # re-run, so what is stored does not depend on when the build ran.
                log.warning(
                    "%s: relations not read (%s: %s); its entities are kept",
                    source,
                    type(exc).__name__,
                    exc,
                )
                relations = []
        doc_entities = doc_entities.settled(end for r in relations for end in (r.source, r.target))
        comentions: list[CoMention] = []
        if self._find_comentions is not None:
            comentions = self._find_comentions(doc, doc_entities)
        part = SliceExtraction(
            list(doc_entities.entities.values()), relations, comentions, rejected
        )
        if offset:
            part.shift(offset)
        return part

    def _find_relations(
        self, doc: Doc, doc_entities: DocEntities
    ) -> tuple[list[Relation], DocEntities]:
        """The relations of a parsed text, and its entities with the names the relation
        step found untagged (``[nlp] untagged_names``)."""
        assert self._relations is not None and self._cleaner is not None
        if self.config.nlp.untagged_names:
            return find_with_untagged_names(
                self._relations.find,
                doc,
                doc_entities,
                self._cleaner.rules,
                self._cleaner.common_words,
            )
        return self._relations.find(doc, doc_entities), doc_entities


_REJECTED = "rejected in %s: %r (%s): %s"


def _source_name(document: Document) -> str:
    """The name a warning gives a document: its first file, else its id."""
    return document.origins[0] if document.origins else document.id


def _batch_size(batch_size: int, workers: int, left: int | None) -> int:
    """The size of the next batch for the pool: ``batch_size`` while plenty is
    left, then smaller, so that the workers finish together instead of one
    parsing a whole last batch while the others wait.

    >>> [_batch_size(32, 2, n) for n in (300, 128, 64, 20, 3, 0)]
    [32, 32, 16, 5, 1, 1]
    >>> _batch_size(32, 2, None)
    32
    """
    if left is None:
        return batch_size
    return max(1, min(batch_size, left // (2 * workers)))


def _chain(first: list[Document], rest: Iterator[Document]) -> Iterator[Document]:
    yield from first
    yield from rest


# -- worker processes ---------------------------------------------------------

_worker: Extractor | None = None


_done: Any = None  # the pool's progress queue (a SimpleQueue), when the parent listens


def _adopt_worker(extractor: Extractor, done: Any = None) -> None:
    """A forked worker's set-up: the parent's extractor, pipeline loaded, is its own copy."""
    global _worker, _done
    _worker = extractor
    _done = done


def _init_worker(config: Config, ontology: Ontology, relations: bool, done: Any = None) -> None:
    global _worker, _done
    _worker = Extractor(config, ontology, relations=relations)
    _done = done
    _worker.load()  # once, before the first batch


# What the pool works on: a batch of documents, whose extractions come back as
# dicts, or one long document with the futures of its slices' extractions.
_Pending = Future[list[dict[str, Any]]] | tuple[Document, list[Future[SliceExtraction]]]


def _submit(
    pool: ProcessPoolExecutor, batch: list[Document], keep: bool, max_chars: int
) -> Iterator[_Pending]:
    """Hand ``batch`` to the pool, in order: runs of documents as one task each, and
    each document longer than ``max_chars`` as one task per slice, so that a long
    report is parsed on every worker instead of one."""
    run: list[Document] = []
    for document in batch:
        pieces = slice_text(document.text, max_chars)
        if len(pieces) == 1:
            run.append(document)
            continue
        if run:
            yield pool.submit(_work, [d.to_dict() for d in run], keep)
            run = []
        source = _source_name(document)
        yield document, [pool.submit(_work_slice, source, *piece) for piece in pieces]
    if run:
        yield pool.submit(_work, [d.to_dict() for d in run], keep)


def _work_slice(source: str, offset: int, text: str) -> SliceExtraction:
    """One slice of a long document, parsed and extracted in a worker as
    ``_extract_stream`` does it; sent back whole (pickled), so that joining the
    slices in the parent gives the very extraction one worker would have made."""
    assert _worker is not None
    (doc,) = _worker.nlp.pipe([text], batch_size=1)
    return _worker._extract_doc(doc, offset, source)


def _work(documents: list[dict[str, Any]], keep_rejected: bool) -> list[dict[str, Any]]:
    assert _worker is not None
    results = []
    for item in extract_batch(_worker, documents, keep_rejected):
        results.append(item)
        if _done is not None:
            # Written to the pipe before the next document is parsed, so it
            # reaches the parent well before the batch's results.
            _done.put(item["extraction"]["doc_id"])
    return results


@contextmanager
def _relay(done: Any, on_progress: Callable[[str], None] | None) -> Iterator[None]:
    """A thread handing the ids the pool's workers put on ``done`` to ``on_progress``.

    Stopped by a ``None`` put on the same queue once the pool is shut down, so
    every id a worker sent before is delivered first.
    """
    if done is None or on_progress is None:
        yield
        return

    def relay() -> None:
        while (doc_id := done.get()) is not None:
            try:
                on_progress(doc_id)
            except Exception:  # a progress display must not stop the build
                log.exception("progress callback failed")

    thread = threading.Thread(target=relay, name="threadline-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.put(None)
        thread.join()
        done.close()


def extract_batch(
    extractor: Extractor, documents: Iterable[dict[str, Any]], keep_rejected: bool
) -> Iterator[dict[str, Any]]:
    """Extract documents given as dicts, in a worker; yields plain result dicts.

    Only these small dicts travel back to the process that writes the cache
    (``Extractor.absorb`` reads them), never spaCy Docs.
    """
    stream = extractor._extract_stream(Document.from_dict(d) for d in documents)
    for extraction, rejected in stream:
        yield {
            "extraction": extraction.to_dict(),
            "reasons": Counter(r.reason for r in rejected),
            "rejected": [r.to_dict() for r in rejected] if keep_rejected else [],
        }
