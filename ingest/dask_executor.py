"""Extraction on a Dask cluster: the same extractions as a local build, from many machines.

The client (the process running ``threadline build``) keeps everything that
touches the workspace: it reads the documents, sends them to the workers in
batches bounded by count and characters, and writes each returned extraction
to the cache as it arrives. A killed client therefore keeps its finished work,
and the next build resumes exactly as after a killed local build.

Each worker loads the spaCy pipeline once, through a worker plugin that Dask
installs on every worker, including workers that join later (the worker side is
ingest/dask_worker.py); the plugin is
named after the extractor fingerprint and stays loaded, so the next build with
the same pipeline on a long-lived cluster starts at once. Before loading the
model, and before any document is sent, the plugin computes the extractor
fingerprint (threadline, model, gazetteers, pattern files, ontology) from the
worker's own installation; a cluster where it differs is refused, since its
extractions would be cached under a fingerprint they do not match.

The cluster is started (and the pipeline loaded on it) on a helper thread as
soon as the build knows it will extract (``DaskSession``), so it overlaps the
build's own start. Workers announce each document they finish as a Dask
worker event, and the client hands it to the build's progress callback, so
progress moves per document, not per batch.

Failures: a worker that dies mid-batch has its batch rescheduled by Dask on
another worker (``distributed.scheduler.allowed-failures``). A batch that keeps
killing workers is split and its documents are retried one by one; a document
that still kills its worker, or that raises inside the pipeline, is reported
as a failure and the build goes on.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager, suppress
from typing import Any

import dask
from distributed import Client, Future, LocalCluster, as_completed
from distributed.scheduler import KilledWorker

from threadline.config import Config
from threadline.errors import ExecutorError
from threadline.graph.model import Document, Extraction
from threadline.graph.ontology import Ontology
from threadline.ingest.dask_worker import (
    ADVICE,
    PROGRESS_TOPIC,
    ExtractorPlugin,
    FingerprintMismatch,
    extract_on_worker,
    versions,
)
from threadline.ingest.extract import Extractor
from threadline.ingest.slices import char_bounded_batches

log = logging.getLogger(__name__)

# Seconds to wait for the first worker (or for --workers N of them) on a scheduler.
WORKER_WAIT_SECONDS = 120.0
# Batches in flight per worker thread: enough to keep a worker busy while the
# client writes results, few enough that a large corpus is not all in memory.
IN_FLIGHT_PER_THREAD = 2
_QUIET_LOCAL_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    # Tasks wait on the scheduler until a worker is free (it queues them), so
    # there is nothing to steal, and results are never replicated: neither the
    # stealing nor the memory manager's periodic passes need to run.
    "distributed.scheduler.work-stealing": False,
    "distributed.scheduler.active-memory-manager.start": False,
    # Dask sets MALLOC_TRIM_THRESHOLD_ for the worker processes it spawns. Any
    # explicit value turns off glibc's adaptive mmap threshold, so every large
    # array spaCy allocates is mapped and unmapped anew: 8x the page faults and
    # 4 s of system time on 300 articles. Unset, the workers allocate as a
    # local build's processes do.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


def extract_on_dask(
    extractor: Extractor,
    documents: Iterable[Document],
    *,
    scheduler: str | None = None,
    workers: int = 0,
    on_failure: Callable[[Document, str], None] | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> Iterator[Extraction]:
    """Extract ``documents`` on a Dask cluster; yields extractions as they arrive.

    ``scheduler`` is the address of a running scheduler (``tcp://HOST:8786``);
    without it a local cluster of ``workers`` processes (0: one per core) is
    started and stopped here. With a scheduler, ``workers`` > 0 waits until that
    many workers are connected. A document that cannot be extracted is passed to
    ``on_failure`` with a one-line reason and left out; the others go on.

    ``on_progress`` gets a document's id as soon as a worker has extracted it,
    before the rest of its batch is done (from the client's event-loop thread);
    a document retried after a lost worker may be announced twice.
    """
    session = DaskSession(scheduler, workers)
    try:
        yield from session.extract(extractor, documents, on_failure, on_progress)
    finally:
        session.close()


class DaskSession:
    """A connection to a Dask cluster, made while the build is still busy with other things.

    Starting a local cluster (worker processes that import threadline and
    spaCy) and loading the pipeline on every worker take seconds. ``connect``
    and ``prepare`` do both on a helper thread and return at once, so that time
    overlaps the build's own start (its extractor fingerprint, reading the
    inputs); ``extract`` waits for them and raises what they raised (an
    unreachable scheduler, a refused fingerprint). ``close`` stops what was
    started, in the background: nothing the build needs is left on the workers.
    """

    def __init__(self, scheduler: str | None = None, workers: int = 0) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.scheduler = scheduler
        self.workers = workers
        self.where = scheduler or "a local Dask cluster"
        # One thread: connecting, registering and closing run in that order.
        self._steps = ThreadPoolExecutor(1, thread_name_prefix="threadline-dask")
        self._connected: Any = None
        self._prepared: dict[str, Any] = {}
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None

    def connect(self) -> None:
        """Start connecting (or starting the local cluster) unless already under way."""
        if self._connected is None:
            self._connected = self._steps.submit(self._connect)

    def prepare(
        self, config: Config, ontology: Ontology, fingerprint: str, relations: bool = True
    ) -> str:
        """Start loading the extractor ``fingerprint`` names on every worker; its plugin name."""
        self.connect()
        # Named by fingerprint: a long-lived cluster keeps the loaded pipeline for
        # the next build with the same extractor, and concurrent builds share it.
        name = f"threadline-extractor-{fingerprint}"
        if name not in self._prepared:
            self._prepared[name] = self._steps.submit(
                self._install, config, ontology, relations, fingerprint, name
            )
        return name

    def extract(
        self,
        extractor: Extractor,
        documents: Iterable[Document],
        on_failure: Callable[[Document, str], None] | None = None,
        on_progress: Callable[[str], None] | None = None,
    ) -> Iterator[Extraction]:
        """Extractions of ``documents`` as the workers return them (see ``extract_on_dask``)."""
        name = self.prepare(
            extractor.config, extractor.ontology, extractor.fingerprint, extractor.with_relations
        )
        self._prepared[name].result()
        assert self._client is not None
        yield from _run(
            self._client, extractor, name, documents, self.where, on_failure, on_progress
        )

    def close(self) -> None:
        """Stop the client and a local cluster in the background (the process waits for it).

        A plain thread, not the steps' pool: a pool takes no new work once the
        interpreter is exiting, and closing a cluster needs some.
        """
        steps = [self._connected, *self._prepared.values()]
        self._steps.shutdown(wait=False)
        if self._connected is not None:
            thread = threading.Thread(
                target=self._close, args=(steps,), name="threadline-dask-close"
            )
            thread.start()
        self._connected = None
        self._prepared = {}

    def _connect(self) -> None:
        self._client, self._cluster = _open(self.scheduler, self.workers)

    def _install(
        self, config: Config, ontology: Ontology, relations: bool, fingerprint: str, name: str
    ) -> None:
        self._connected.result()  # raises what connecting raised
        client = self._client
        assert client is not None
        if not all(client.run(_has_plugin, name).values()):
            expected = {"fingerprint": fingerprint, **versions(config)}
            plugin = ExtractorPlugin(config, ontology, relations, expected)
            _register(client, plugin, name, self.where)

    def _close(self, steps: list[Any]) -> None:
        for step in steps:  # a cluster still starting is stopped once it is up
            with suppress(Exception):
                step.result()
        if self._client is not None:
            with suppress(Exception):
                self._client.close()
        if self._cluster is not None:
            with suppress(Exception):
                self._cluster.close()


def _open(scheduler: str | None, workers: int) -> tuple[Client, LocalCluster | None]:
    """A client on the scheduler, or on a new local cluster of processes (and that cluster)."""
    if scheduler is None:
        # Quieter workers: the statistical profiler samples the running task's
        # stack 100 times a second, and the event loop's timers wake it every
        # 20-100 ms, each time taking the interpreter lock from the NLP thread.
        # Nobody watches a dashboard of this cluster.
        with dask.config.set(_QUIET_LOCAL_CLUSTER):
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        try:
            return Client(cluster, set_as_default=False), cluster
        except BaseException:
            cluster.close()
            raise
    try:
        client = Client(scheduler, timeout=30, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ExecutorError(f"{scheduler}: cannot reach the Dask scheduler ({exc})") from None
    wanted = max(workers, 1)
    try:
        client.wait_for_workers(wanted, timeout=WORKER_WAIT_SECONDS)
    except TimeoutError:
        client.close()
        raise ExecutorError(
            f"{scheduler}: fewer than {wanted} workers connected after "
            f"{WORKER_WAIT_SECONDS:.0f} s; start them with 'dask worker {scheduler}'"
        ) from None
    return client, None


def _register(client: Client, plugin: ExtractorPlugin, name: str, where: str) -> None:
    """Install the plugin on every worker (and on workers joining later); it loads the model."""
    try:
        client.register_plugin(plugin, name=name)
    except Exception as exc:  # raised by a worker's setup, whatever it was
        with suppress(Exception):
            client.unregister_worker_plugin(name)
        if isinstance(exc, FingerprintMismatch):
            raise ExecutorError(f"{where}: {exc}") from None
        raise ExecutorError(
            f"{where}: a worker cannot load the extractor ({type(exc).__name__}: {exc}); {ADVICE}"
        ) from None


def _has_plugin(name: str, dask_worker: Any = None) -> bool:
    """Whether this worker already holds a loaded extractor named ``name``."""
    plugin = dask_worker.plugins.get(name) if dask_worker is not None else None
    return getattr(plugin, "extractor", None) is not None


def _run(
    client: Client,
    extractor: Extractor,
    name: str,
    documents: Iterable[Document],
    where: str,
    on_failure: Callable[[Document, str], None] | None,
    on_progress: Callable[[str], None] | None = None,
) -> Iterator[Extraction]:
    with _progress_events(client, on_progress) as build:
        yield from _collect(client, extractor, name, documents, where, on_failure, build)


@contextmanager
def _progress_events(
    client: Client, on_progress: Callable[[str], None] | None
) -> Iterator[str | None]:
    """The id workers tag this build's progress events with (None: nobody listens)."""
    if on_progress is None:
        yield None
        return
    build = uuid.uuid4().hex

    def handle(event: tuple[float, Any]) -> None:
        message = event[1]
        if isinstance(message, (list, tuple)) and len(message) == 2 and message[0] == build:
            try:
                on_progress(str(message[1]))
            except Exception:  # a progress display must not stop the build
                log.exception("progress callback failed")

    # Sent on the same ordered stream as the tasks: subscribed before any runs.
    client.subscribe_topic(PROGRESS_TOPIC, handle)
    try:
        yield build
    finally:
        with suppress(Exception):
            client.unsubscribe_topic(PROGRESS_TOPIC)


def _collect(
    client: Client,
    extractor: Extractor,
    name: str,
    documents: Iterable[Document],
    where: str,
    on_failure: Callable[[Document, str], None] | None,
    build: str | None,
) -> Iterator[Extraction]:
    config = extractor.config.nlp
    keep = extractor.keep_rejected or log.isEnabledFor(logging.DEBUG)
    batches = (
        [document for _, document in group]
        for group in char_bounded_batches(
            ((d.text, d) for d in documents), config.batch_size, config.max_chars
        )
    )
    sent: dict[Future, list[Document]] = {}

    def limit() -> int:
        # Asked again after every batch, so workers that join mid-build get work.
        return IN_FLIGHT_PER_THREAD * max(sum(client.nthreads().values()), 1)

    def submit(batch: list[Document]) -> Future:
        future = client.submit(
            extract_on_worker,
            name,
            extractor.fingerprint,
            [d.to_dict() for d in batch],
            keep,
            build,
            key=f"threadline-extract-{uuid.uuid4().hex}",
        )
        sent[future] = batch
        return future

    queue = as_completed([submit(b) for b in _take(batches, limit())], loop=client.loop)
    for future in queue:
        batch = sent.pop(future)
        try:
            results = future.result()
        except KilledWorker as exc:
            if len(batch) > 1:
                log.warning(
                    "%s: a batch kept killing workers; retrying its documents one by one", where
                )
                for document in batch:
                    queue.add(submit([document]))
                continue
            if on_failure is not None:
                on_failure(batch[0], f"extraction killed its worker repeatedly ({exc})")
            results = []
        except FingerprintMismatch as exc:
            raise ExecutorError(f"{where}: {exc}") from None
        except (CancelledError, OSError) as exc:
            raise ExecutorError(
                f"{where}: lost the cluster mid-build ({type(exc).__name__}: {exc}); finished "
                "documents are cached, run the build again to resume"
            ) from None
        finally:
            future.release()
        by_id = {d.id: d for d in batch}
        for item in results:
            if "failed" in item:
                if on_failure is not None:
                    on_failure(by_id[item["failed"]["doc_id"]], item["failed"]["reason"])
                continue
            yield extractor.absorb(item)
        for next_batch in _take(batches, limit() - len(sent)):
            queue.add(submit(next_batch))


def _take(batches: Iterator[list[Document]], count: int) -> list[list[Document]]:
    taken = []
    for _ in range(max(count, 0)):
        batch = next(batches, None)
        if batch is None:
            break
        taken.append(batch)
    return taken
