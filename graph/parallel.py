"""Extraction over a whole corpus: cached, batched, and fanned out to worker processes or a
Dask cluster.

One code path for every scale. The corpus is cut into chunks; a chunk is extracted by
:func:`extract_chunk` (``nlp.pipe`` over its texts, then the rules on each doc) wherever it
runs: in this process, in local worker processes (``jobs``), or on the workers of a Dask
cluster (``scheduler``). Results come back as plain claims, are written to the cache as each
chunk finishes (so an interrupted run keeps what it did), and are returned in corpus order,
so the output does not depend on which worker finished first.

Local workers each parse and apply the rules: spaCy's own ``nlp.pipe(n_process=...)``
parallelises only the parse and ships every Doc back to one process for the rules.
"""

from __future__ import annotations

import math
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass

from .cache import ClaimCache, extractor_version
from .errors import BadInput, FankgError
from .memory import gc_paused
from .model import Article, Claim
from .profile import profile_matcher

#: Fewer articles than this per worker are extracted in this process: starting a worker
#: (importing spaCy, loading the model) costs about as much as extracting a few articles.
MIN_ARTICLES_PER_WORKER = 4
MAX_CHUNK = 32

Item = tuple[Article, tuple]  # an article and the show profiles that apply to it


@dataclass
class ExtractionStats:
    """What one corpus extraction did: for messages and benchmarks."""

    articles: int = 0
    cached: int = 0
    extracted: int = 0
    workers: int = 1
    where: str = "this process"

    def summary(self) -> str:
        """One line for the command line.

        >>> ExtractionStats(articles=3, cached=2, extracted=1).summary()
        'extracted 1 article in this process, 2 from the cache'
        """
        line = f"extracted {self.extracted:,} article{'' if self.extracted == 1 else 's'}"
        if self.extracted:
            line += f" in {self.where}" if self.where else ""
        return line + f", {self.cached:,} from the cache"


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_chunk(items: Sequence[Item]) -> tuple[str, list[list[Claim]]]:
    """The claims of each article of a chunk, and the extractor version that made them.

    This is the unit of work shipped to worker processes and Dask workers; each loads the
    extractor once and keeps it for later chunks.
    """
    from .pipeline import _default_extractor

    extractor = _default_extractor()
    try:
        out = extractor.claims_of_many(items, batch_size=max(1, len(items)))
    except Exception:  # a bug in the rules: find and name the article that triggers it
        out = []
        for article, profiles in items:
            try:
                out.append(extractor.claims(article, profiles))
            except Exception as err:
                raise RuntimeError(f"extraction failed on {article.path or article.id}: {err!r}") from err
    return extractor_version(), out


def extract_corpus(articles: Sequence[Article], profiles=(), *, jobs: int | None = 1,
                   cache: ClaimCache | None = None, scheduler=None, progress: bool | None = False,
                   stats: ExtractionStats | None = None) -> list[Claim]:
    """The claims of all ``articles``, in corpus order.

    ``jobs``: local worker processes (None: one per core). ``cache``: a :class:`ClaimCache`
    to read and fill. ``scheduler``: a Dask scheduler address (or a ``distributed.Client``)
    to run the chunks on instead. ``progress``: show a progress bar on stderr (None: when
    stderr is a terminal and the run takes more than a moment).
    """
    stats = stats if stats is not None else ExtractionStats()
    stats.articles = len(articles)
    results: list[list[Claim] | None] = [None] * len(articles)
    keys: list[str] = [""] * len(articles)
    todo: list[tuple[int, Item]] = []
    profiles_of = profile_matcher(profiles)
    with gc_paused():  # cached claims: hundreds of thousands of small objects, no cycles
        for i, article in enumerate(articles):
            profs = tuple(profiles_of(article))
            if cache is not None:
                keys[i] = cache.key(article, profs)
                results[i] = cache.get(keys[i])
            if results[i] is None:
                todo.append((i, (article, profs)))
    stats.cached = len(articles) - len(todo)
    stats.extracted = len(todo)

    jobs = default_jobs() if jobs is None else max(1, jobs)
    if scheduler is None and len(todo) < jobs * MIN_ARTICLES_PER_WORKER:
        jobs = 1
    workers = jobs if scheduler is None else 0
    size = max(1, min(MAX_CHUNK, math.ceil(len(todo) / max(1, jobs * 4))))
    chunks = [todo[k:k + size] for k in range(0, len(todo), size)]
    expected = extractor_version()

    bar = _progress_bar(len(articles), stats.cached, progress)
    try:
        for chunk, (version, claims_lists) in _run_chunks(chunks, workers, scheduler, stats):
            if version != expected:
                raise FankgError(
                    f"the extraction workers run a different fankg extractor ({version}) from this one "
                    f"({expected}); install the same fankg on every worker (or rerun if the code just changed)")
            for (i, (article, _)), claims in zip(chunk, claims_lists, strict=True):
                results[i] = claims
                if cache is not None:
                    cache.put(keys[i], claims, article.id)
            if bar is not None:
                bar.update(len(chunk))
    finally:
        if bar is not None:
            bar.close()
    return [claim for claims in results for claim in claims or ()]


def _run_chunks(chunks, workers: int, scheduler, stats: ExtractionStats) -> Iterator[tuple[list, tuple]]:
    """(chunk, extract_chunk result) pairs, in the order they finish."""
    if not chunks:
        return
    if scheduler is not None:
        yield from _on_dask(chunks, scheduler, stats)
    elif workers <= 1:
        for chunk in chunks:
            yield chunk, extract_chunk([item for _, item in chunk])
    else:
        yield from _on_local_workers(chunks, workers, stats)


def _ignore_sigint() -> None:
    # Ctrl-C goes to the whole process group; the parent alone decides what to do about it
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def _ctrl_c_held():
    """Hold Ctrl-C while worker processes start.

    SIGINT is blocked meanwhile, and the workers inherit the block (a signal mask survives exec)
    until their initializer ignores SIGINT, so a Ctrl-C cannot kill one half-started with a
    traceback. Here it is only noted, never raised mid-spawn, and raised once the workers run.
    """
    if threading.current_thread() is not threading.main_thread():  # only the main thread sets handlers
        yield
        return
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()  # starting it unblocks SIGINT: start it before blocking
    held = []
    previous = signal.signal(signal.SIGINT, lambda *_: held.append(True))
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        signal.signal(signal.SIGINT, previous)
    if held:
        raise KeyboardInterrupt


def _on_local_workers(chunks, workers: int, stats: ExtractionStats):
    import multiprocessing

    workers = min(workers, len(chunks))
    stats.workers, stats.where = workers, f"{workers} local worker processes"
    # spawn, not fork: the parent may hold threads (the progress bar) and a loaded spaCy model
    pool = None
    try:
        with _ctrl_c_held():
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_ignore_sigint)
            pending = {pool.submit(extract_chunk, [item for _, item in chunk]): chunk for chunk in chunks}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()
    except BrokenProcessPool:
        raise FankgError("an extraction worker process died (out of memory?); run again with fewer --jobs — "
                         "articles already extracted are cached") from None
    except KeyboardInterrupt:
        # stop now rather than after the batches in flight (their articles are simply not cached)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _on_dask(chunks, scheduler, stats: ExtractionStats):
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise BadInput("--scheduler needs Dask: pip install 'fankg[dask]'") from None
    own = not isinstance(scheduler, Client)
    if own:
        _check_address(str(scheduler))
        try:
            client = Client(scheduler, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as err:
            raise BadInput(f"cannot reach the Dask scheduler at {scheduler} ({err}); start one with "
                           "`dask scheduler` or check the address") from None
    else:
        client = scheduler
    try:
        stats.workers = len(client.scheduler_info().get("workers", {}))
        stats.where = f"Dask cluster at {client.scheduler.address} ({stats.workers} workers)"
        futures = {}
        for chunk in chunks:
            futures[client.submit(extract_chunk, [item for _, item in chunk], pure=False)] = chunk
        for future in as_completed(list(futures), loop=client.loop):
            try:
                result = future.result()
            except Exception as err:
                if type(err).__name__ == "KilledWorker":  # the scheduler gave up on a task whose workers died
                    raise FankgError(f"Dask workers died while extracting ({err}); give them more memory — "
                                     "articles already extracted are cached") from None
                raise
            yield futures[future], result
    finally:
        if own:
            client.close()


def _check_address(address: str) -> None:
    """Refuse a malformed scheduler address before a client is made for it."""
    from distributed.comm import parse_address
    from distributed.comm.registry import backends

    try:
        scheme, location = parse_address(address)
    except ValueError:
        scheme, location = "", ""
    if scheme not in backends or not location:
        raise BadInput(f"--scheduler {address!r} is not a Dask scheduler address; give one like tcp://host:8786")


def _progress_bar(total: int, done: int, progress: bool | None):
    """A tqdm bar on stderr with articles/s and the time left, or None."""
    if progress is False or total == 0 or (progress is None and not sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    return tqdm(total=total, initial=done, unit=" articles", file=sys.stderr, dynamic_ncols=True,
                delay=0 if progress else 1.0, smoothing=0.1,
                bar_format="extracting {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} articles "
                           "[{elapsed}, ETA {remaining}, {rate_fmt}]")
