"""Upload analysis as background jobs, so no request waits for an analysis.

``POST /upload`` saves the files into a job folder and returns at once (303 to the job's
status page); one worker thread runs the jobs in order (one analysis at a time writes the
store) and deletes each job's folder when it ends. Job ids are random (``secrets``), so a
status page cannot be guessed. The last ``max_jobs_kept`` finished jobs are kept in memory.
"""

from __future__ import annotations

import queue
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from storylens.records import Analysis

JobStatus = Literal["queued", "running", "done", "failed"]


@dataclass
class Job:
    id: str
    folder: Path
    files: list[str]
    status: JobStatus = "queued"
    created: float = field(default_factory=time.time)
    finished: float | None = None
    result: Analysis | None = None
    error: str = ""


class JobQueue:
    """Runs ``work(folder) -> Analysis`` for each submitted folder on one daemon thread."""

    def __init__(self, work: Callable[[Path], Analysis], keep: int = 50,
                 on_done: Callable[[], None] | None = None) -> None:
        self._work = work
        self._keep = keep
        self._on_done = on_done
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[Job] = queue.Queue()
        self._thread: threading.Thread | None = None

    def submit(self, folder: Path, files: list[str]) -> Job:
        job = Job(secrets.token_urlsafe(12), folder, files)
        with self._lock:
            self._jobs[job.id] = job
            self._prune()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="storylens-upload-jobs")
                self._thread.start()
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def wait(self, job_id: str, timeout: float) -> Job | None:
        """The job once it has ended, or as it is after ``timeout`` seconds (tests, CLI)."""
        end = time.monotonic() + timeout
        while True:
            job = self.get(job_id)
            if job is None or job.status in ("done", "failed") or time.monotonic() > end:
                return job
            time.sleep(0.05)

    def _prune(self) -> None:
        ended = [j for j in self._jobs.values() if j.status in ("done", "failed")]
        for job in sorted(ended, key=lambda j: j.created)[: max(0, len(ended) - self._keep)]:
            del self._jobs[job.id]

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            job.status = "running"
            try:
                job.result = self._work(job.folder)
                job.status = "done"
            except Exception as exc:  # the reason is shown on the status page, no traceback
                job.error = f"{type(exc).__name__}: {exc}"[:500]
                job.status = "failed"
            finally:
                job.finished = time.time()
                shutil.rmtree(job.folder, ignore_errors=True)
                if self._on_done is not None:
                    self._on_done()
                self._queue.task_done()
