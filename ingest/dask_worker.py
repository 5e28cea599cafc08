"""The worker side of extraction on Dask: the pipeline loaded once, batches extracted.

Dask installs ``ExtractorPlugin`` on every worker, including workers that join
later; it checks that the worker's own installation gives the client's
extractor fingerprint before loading the model, so a differing worker is
refused before it extracts anything. ``extract_on_worker`` is the task the
client submits per batch (ingest/dask_executor.py); it runs on the worker with
the plugin's extractor and announces each document it finishes.
"""

from __future__ import annotations

import asyncio
import logging
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from distributed import WorkerPlugin, get_worker

from threadline.config import Config
from threadline.errors import ThreadlineError
from threadline.graph.ontology import Ontology
from threadline.ingest.extract import Extractor, extract_batch
from threadline.ingest.nlp import installed_model_version

log = logging.getLogger(__name__)

ADVICE = "every worker needs the same threadline, spaCy model and pattern files"
# Workers announce each extracted document under this event topic (Dask's
# structured events: worker -> scheduler -> subscribed clients), tagged with the
# build's id. One shared topic: the scheduler keeps a bounded log per topic.
PROGRESS_TOPIC = "threadline-progress"


class FingerprintMismatch(ThreadlineError):
    """A worker's extractor differs from the client's (raised inside a task)."""


class ExtractorPlugin(WorkerPlugin):
    """Checks the worker's extractor fingerprint, then loads the pipeline once.

    ``expected`` holds the client's fingerprint and versions. A worker whose own
    fingerprint differs raises ``FingerprintMismatch`` from ``setup`` without
    loading the model: the registration fails before any document is sent.
    """

    def __init__(
        self, config: Config, ontology: Ontology, relations: bool, expected: dict[str, str]
    ) -> None:
        self.config = config
        self.ontology = ontology
        self.relations = relations
        self.expected = expected
        self.extractor: Extractor | None = None

    async def setup(self, worker: Any) -> None:
        # The model takes seconds to load: off the worker's event loop, which
        # must keep answering the scheduler's heartbeats meanwhile.
        loop = asyncio.get_running_loop()
        self.extractor = await loop.run_in_executor(None, self._load, worker.address)

    def _load(self, address: str) -> Extractor:
        # The fingerprint reads the model's version and the pattern files, not the
        # model: a differing worker is refused before it spends time loading it.
        try:
            extractor = Extractor(self.config, self.ontology, relations=self.relations)
            fingerprint = extractor.fingerprint
        except ThreadlineError as exc:
            raise FingerprintMismatch(f"worker {address}: {exc}; {ADVICE}") from None
        wanted = self.expected
        if fingerprint != wanted["fingerprint"]:
            mine = versions(self.config)
            raise FingerprintMismatch(
                f"worker {address} has extractor fingerprint {fingerprint} "
                f"(threadline {mine['threadline']}, {mine['model']}), this build needs "
                f"{wanted['fingerprint']} (threadline {wanted['threadline']}, {wanted['model']}); "
                f"{ADVICE}"
            )
        _ = extractor.nlp
        return extractor

    def teardown(self, worker: Any) -> None:
        self.extractor = None


def versions(config: Config) -> dict[str, str]:
    """The installed threadline and spaCy model versions, for a refusal people can act on."""
    return {
        "threadline": _threadline_version(),
        "model": f"{config.nlp.model} {installed_model_version(config.nlp.model)}",
    }


def extract_on_worker(
    name: str,
    fingerprint: str,
    documents: list[dict[str, Any]],
    keep_rejected: bool,
    build: str | None = None,
) -> list[dict[str, Any]]:
    """The task: extract one batch with the worker's loaded extractor.

    A document that makes the pipeline raise is redone alone, so it fails by
    itself (as ``{"failed": ...}``) and the rest of the batch is kept. With a
    ``build`` id, each extracted document is announced as a progress event.
    """
    worker = get_worker()
    plugin = worker.plugins.get(name)
    extractor = getattr(plugin, "extractor", None)
    if extractor is None:
        raise FingerprintMismatch(f"worker {worker.address} has no threadline extractor loaded")
    if extractor.fingerprint != fingerprint:
        raise FingerprintMismatch(
            f"worker {worker.address} has extractor fingerprint {extractor.fingerprint}, "
            f"this build needs {fingerprint}"
        )
    results: list[dict[str, Any]] = []

    def extract(batch: list[dict[str, Any]]) -> None:
        for item in extract_batch(extractor, batch, keep_rejected):
            results.append(item)
            if build is not None:
                # Queued on the worker's event loop; it reaches the client before
                # this task's result, which travels on the same streams after it.
                worker.log_event(PROGRESS_TOPIC, [build, item["extraction"]["doc_id"]])

    try:
        extract(documents)
        return results
    except Exception:
        log.exception("batch failed; extracting its documents one by one")
    done = {item["extraction"]["doc_id"] for item in results}
    for data in documents:
        if data["doc_id"] in done:
            continue
        try:
            extract([data])
        except Exception as exc:  # the pipeline's own failure, reported per document
            reason = f"extraction failed ({type(exc).__name__}: {exc})"
            results.append({"failed": {"doc_id": data["doc_id"], "reason": reason}})
    return results


def _threadline_version() -> str:
    try:
        return version("threadline")
    except PackageNotFoundError:
        return "unknown"
