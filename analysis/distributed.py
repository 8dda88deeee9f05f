"""Extraction spread over a Dask cluster: `python -m analysis ingest PATH --workers N` (a
cluster of N processes on this machine) or `--scheduler tcp://host:8786` (workers anywhere).

The process that runs the ingest stays the only writer. It loads the files, drops the
duplicates by content hash (before any extraction, as every ingest does) and sends the new
articles to the workers in small batches; each worker process loads the extractor once and
keeps it (`worker_extractor`), runs the ingest's own `extract_articles` on its batch (the
language guard, long texts in parts) and sends back plain data; the writer stores each
article as its batch comes back, one transaction per article, while the workers go on.
One writer because then the store needs nothing new: the same write path serves SQLite
(one writer at a time in any case) and PostgreSQL, and a worker needs the model, not the
store's address or password.

A worker that dies mid-batch loses nothing: Dask keeps each batch until its result is
fetched and gives it to another worker. A batch that has killed its workers too often
(Dask's `allowed-failures`) is tried again one article at a time, so an article that
crashes the extractor fails alone, reported like any failed article. An article stored
twice is impossible either way: the store's content hash is UNIQUE.

Nothing imports this module, nor Dask, unless a cluster is asked for.
"""

from __future__ import annotations

import importlib
import inspect
import pickle
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from analysis.errors import ClusterError
from analysis.models import Article, Extraction
from analysis.pipeline import ArticleExtractor, extract_articles

# The extractor factory the workers call: "module:function", the function taking the
# spaCy model name (None for the default). Tests name a fake one.
WORKER_FACTORY = "analysis.distributed:load_extractor"
# A batch is a few seconds of work at most: small enough that a dead worker costs little
# and that the writer is fed steadily, big enough that Dask's cost per task (a few ms)
# stays small beside extraction.
TASK_ARTICLES = 16
TASK_CHARS = 200_000
# Batches in flight per worker thread: one running, the next ones waiting on the worker.
IN_FLIGHT = 3
CONNECT_TIMEOUT = 30.0  # seconds to reach the scheduler, and for a first worker to join
# A cluster left without any worker this long (they died and none came back) ends the
# ingest with an error rather than a wait for ever; the articles stored so far stay.
WORKERLESS_SECONDS = 120.0
POLL_SECONDS = 0.05

_loaded: dict[tuple[str, str | None], ArticleExtractor] = {}
_loading = threading.Lock()


def load_extractor(model: str | None) -> ArticleExtractor:
    """The project's extractor on `model` (the default factory of the workers)."""
    from analysis.extract import Extractor

    return Extractor.load(model)


def worker_extractor(factory: str, model: str | None) -> ArticleExtractor:
    """The extractor of this process, loaded on first use by `factory` and kept: a worker
    loads the model once, whatever number of batches it runs."""
    with _loading:
        key = (factory, model)
        if key not in _loaded:
            module, _, name = factory.partition(":")
            _loaded[key] = getattr(importlib.import_module(module), name)(model)
        return _loaded[key]


class _OneProcess:
    """A worker's extractor, parsing in the worker's own process: a Dask worker may not
    start the parser's helper processes (it is a daemon), and the workers are the
    parallelism already."""

    def __init__(self, inner: ArticleExtractor) -> None:
        self.inner = inner
        self.nlp = getattr(inner, "nlp", None)  # its max_length sets the size of parts
        self.single = "n_process" in inspect.signature(inner.extract_many).parameters

    def extract(self, article: Article) -> Extraction:
        return self.inner.extract(article)

    def extract_many(self, articles: list[Article], *, batch_size: int):
        if self.single:
            return self.inner.extract_many(articles, batch_size=batch_size, n_process=1)
        return self.inner.extract_many(articles, batch_size=batch_size)


def _warm(factory: str, model: str | None) -> str:
    """Run on every worker when the ingest connects: load the extractor now (all workers at
    once), and tell its version."""
    return str(getattr(worker_extractor(factory, model), "version", ""))


def _extract_task(
    factory: str, model: str | None, articles: list[Article]
) -> tuple[str, list[tuple[str, dict, Extraction | Exception]]]:
    """One batch on a worker: the extractor's version, and per article its language and
    meta (the language guard writes its verdict there) with the extraction or the error."""
    extractor = worker_extractor(factory, model)
    done = extract_articles(_OneProcess(extractor), articles, batch_size=len(articles))
    version = str(getattr(extractor, "version", ""))
    return version, [(a.language, a.meta, _portable(found)) for a, found in done]


def _portable(found: Extraction | Exception) -> Extraction | Exception:
    """An error that cannot travel back to the writer as it is becomes a RuntimeError
    naming it, so that its reason still reaches the report."""
    if not isinstance(found, Exception):
        return found
    try:
        pickle.loads(pickle.dumps(found))
    except Exception:
        return RuntimeError(f"{type(found).__name__}: {found}")
    return found


def batches(articles: list[Article]) -> Iterator[list[int]]:
    """Indexes of `articles` in consecutive batches of at most TASK_ARTICLES articles and
    about TASK_CHARS characters (one long text makes a batch of its own)."""
    batch: list[int] = []
    chars = 0
    for i, article in enumerate(articles):
        if batch and (len(batch) >= TASK_ARTICLES or chars + len(article.text) > TASK_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(i)
        chars += len(article.text)
    if batch:
        yield batch


class ClusterExtractor:
    """An extractor whose work is done by the workers of a Dask cluster (see the module).

    `extract_indexed` is what the ingest uses: results in the order they come back.
    `extract` and `extract_many` give the usual extractor interface on top of it."""

    def __init__(
        self,
        client: Any,
        *,
        factory: str = WORKER_FACTORY,
        model: str | None = None,
        cluster: Any = None,
    ) -> None:
        self.client = client
        self.cluster = cluster  # the local cluster this object started, closed with it
        self.factory = factory
        self.model = model
        self.where = str(getattr(client.scheduler, "address", "") or "the Dask scheduler")
        self.version = self._warm_up()

    def _warm_up(self) -> str:
        try:
            versions = self.client.run(_warm, self.factory, self.model)
        except Exception as err:
            raise ClusterError(
                f"{self.where}: the workers cannot load the extractor "
                f"({type(err).__name__}: {err}); each needs the tracker, its packages and "
                "the spaCy model installed, and the tracker's folder on its PYTHONPATH"
            ) from None
        found = sorted(set(versions.values()))
        if len(found) > 1:
            raise ClusterError(
                f"{self.where}: the workers run different extractors ({', '.join(found)}); "
                "install the same version of the tracker on every machine"
            )
        return found[0] if found else ""

    def workers(self) -> int:
        """Threads of all the workers connected now."""
        info = self.client.scheduler_info(n_workers=-1)["workers"]
        return sum(w.get("nthreads", 1) for w in info.values()) or 1

    def extract_indexed(
        self, articles: list[Article]
    ) -> Iterator[tuple[int, Extraction | Exception]]:
        """(index in `articles`, extraction or error) for every article, as the batches
        come back. The articles' language and meta are updated as the language guard of a
        local ingest would. Batches not fetched yet are cancelled if the caller stops."""
        from distributed import KilledWorker, as_completed

        pending: deque[list[int]] = deque(batches(articles))
        # Articles of a batch that killed its workers, tried one by one and one at a time
        # (beside the ordinary batches), so that no other suspect dies with the guilty one.
        suspects: deque[list[int]] = deque()
        window = IN_FLIGHT * self.workers()
        running: dict[Any, list[int]] = {}
        suspect_running: list[Any] = []
        arrivals = as_completed()

        def send(batch: list[int]) -> Any:
            future = self.client.submit(
                _extract_task, self.factory, self.model, [articles[i] for i in batch], pure=False
            )
            running[future] = batch
            arrivals.add(future)
            return future

        def submit() -> None:
            if suspects and not suspect_running:
                suspect_running.append(send(suspects.popleft()))
            while pending and len(running) < window:
                send(pending.popleft())

        submit()
        try:
            for future in self._arrivals(arrivals):
                batch = running.pop(future)
                if future in suspect_running:
                    suspect_running.remove(future)
                try:
                    version, results = future.result()
                except KilledWorker as err:
                    if len(batch) > 1:  # find the article that kills: each on its own
                        suspects.extend([i] for i in batch)
                    else:
                        yield (
                            batch[0],
                            ClusterError(
                                f"each of the {err.allowed_failures + 1} Dask workers that "
                                "took this article died while extracting it"
                            ),
                        )
                except Exception as err:  # the batch could not run at all: say why
                    yield from ((i, err) for i in batch)
                else:
                    for i, (language, meta, found) in zip(batch, results, strict=True):
                        articles[i].language = language
                        articles[i].meta.update(meta)
                        if version != self.version and not isinstance(found, Exception):
                            found = ClusterError(
                                f"a worker ran extractor {version}, not {self.version}"
                            )
                        yield i, found
                finally:
                    future.release()
                submit()
        finally:
            if running:
                self.client.cancel(list(running))

    def _arrivals(self, arrivals: Any) -> Iterator[Any]:
        """The futures of `arrivals` as they finish. While none is ready the cluster is
        watched: left without any worker for WORKERLESS_SECONDS, it is a ClusterError."""
        alone_since: float | None = None
        checked = 0.0
        while not arrivals.is_empty():
            if arrivals.has_ready():
                alone_since = None
                yield arrivals.next()
                continue
            now = time.monotonic()
            if now - checked >= 1.0:
                checked = now
                if self.client.scheduler_info(n_workers=-1)["workers"]:
                    alone_since = None
                elif alone_since is None:
                    alone_since = now
            if alone_since is not None and now - alone_since > WORKERLESS_SECONDS:
                raise ClusterError(
                    f"{self.where}: no worker for {WORKERLESS_SECONDS:g} s (they stopped and "
                    "none came back); the articles stored so far are kept"
                )
            time.sleep(POLL_SECONDS)

    def extract_many(
        self, articles: Iterable[Article], *, batch_size: int = 0, n_process: int | None = None
    ) -> Iterator[tuple[Article, Extraction]]:
        """In input order, as `Extractor.extract_many`; raises the first article's error."""
        articles = list(articles)
        found = dict(self.extract_indexed(articles))
        for i, article in enumerate(articles):
            if isinstance(found[i], Exception):
                raise found[i]
            yield article, found[i]

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))[1]

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def connect(
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    model: str | None = None,
    factory: str = WORKER_FACTORY,
    timeout: float | None = None,
) -> ClusterExtractor:
    """A ClusterExtractor on the scheduler at `scheduler`, or else on a cluster of `workers`
    processes started here (one thread each: spaCy's parser holds the GIL). Its workers have
    loaded the extractor when this returns. ClusterError when that cannot be done."""
    from distributed import Client, LocalCluster

    timeout = timeout or CONNECT_TIMEOUT
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=timeout)
        except Exception as err:
            raise ClusterError(f"{scheduler}: no Dask scheduler answers there ({err})") from None
    else:
        cluster = LocalCluster(
            n_workers=workers or 1,
            threads_per_worker=1,
            processes=True,
            # its status pages on a free port (Dask's 8787 may be taken; nothing needs them)
            dashboard_address=":0",
        )
        client = Client(cluster)
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except TimeoutError:
            raise ClusterError(
                f"{scheduler or 'the local cluster'}: no Dask worker joined within "
                f"{timeout:g} s (start some with `dask worker {scheduler}`)"
            ) from None
        return ClusterExtractor(client, factory=factory, model=model, cluster=cluster)
    except BaseException:
        client.close()
        if cluster is not None:
            cluster.close()
        raise


@contextmanager
def cluster_extractor(
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    model: str | None = None,
    factory: str = WORKER_FACTORY,
) -> Iterator[Callable[[], ClusterExtractor]]:
    """A loader of a ClusterExtractor, as the ingest takes extractors: the cluster is
    reached (or started) at its first call only, so an ingest of duplicates alone starts
    nothing, and it is closed when the block ends."""
    opened: list[ClusterExtractor] = []

    def load() -> ClusterExtractor:
        if not opened:
            opened.append(
                connect(scheduler=scheduler, workers=workers, model=model, factory=factory)
            )
        return opened[0]

    try:
        yield load
    finally:
        for extractor in opened:
            extractor.close()
