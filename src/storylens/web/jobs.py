"""Upload analysis as background jobs, so no request waits for an analysis.

``POST /upload`` saves the files into a job folder and returns at once (303 to the job's
status page); one worker thread runs the jobs in order (one analysis at a time writes the
store) and deletes each job's folder when it ends. Job ids are random (``secrets``), so a
status page cannot be guessed. The last ``max_jobs_kept`` finished jobs are kept.

With a ``state_dir`` (the app puts it next to the store) every job's status is also a small
JSON file there, written atomically at each change, so a restart keeps the status pages: a
job that was queued or running when its server stopped is shown as failed ("interrupted"),
and its leftover upload folder is deleted (upload the files again); a job whose server
process is still alive (two servers on one store) is left alone.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from storylens.records import Analysis, InputRecord

log = logging.getLogger(__name__)

JobStatus = Literal["queued", "running", "done", "failed"]
_JOB_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
INTERRUPTED = "interrupted: the server stopped before this job ended; upload the files again"
UPLOAD_PREFIX = "storylens-upload-"
"""Name prefix of the temporary folder of an upload's files (``tempfile.mkdtemp``)."""


def _other_live_process(pid: int) -> bool:
    """True when ``pid`` is a live process other than this one (another server)."""
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # alive, owned by another user
        return True
    return True


def _remove_upload_folder(folder: Path) -> None:
    """Delete an interrupted job's upload folder, only when it is one of ours: directly in
    the temporary directory and named with our prefix (the path comes from a file)."""
    try:
        ours = (folder.name.startswith(UPLOAD_PREFIX)
                and folder.parent.resolve() == Path(tempfile.gettempdir()).resolve())
    except OSError:
        return
    if ours and not folder.is_symlink():
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Job:
    id: str
    folder: Path
    files: list[str]
    status: JobStatus = "queued"
    created: float = field(default_factory=time.time)
    finished: float | None = None
    articles: int = 0  # articles in the store after the job's analysis
    inputs: tuple[InputRecord, ...] = ()  # the analysis' inputs[] (reasons included)
    error: str = ""
    pid: int = field(default_factory=os.getpid)  # the server process that took the upload

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "pid": self.pid, "folder": str(self.folder), "files": self.files,
                "status": self.status,
                "created": self.created, "finished": self.finished, "articles": self.articles,
                "inputs": [i.to_dict() for i in self.inputs], "error": self.error}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Job:
        status = d.get("status")
        if status not in ("queued", "running", "done", "failed"):
            raise ValueError(f"unknown job status {status!r}")
        return cls(id=str(d["id"]), folder=Path(str(d.get("folder", ""))),
                   files=[str(f) for f in d.get("files", [])],
                   status=status, created=float(d.get("created", 0.0)),
                   finished=d.get("finished"), articles=int(d.get("articles", 0)),
                   inputs=tuple(InputRecord.from_dict(x) for x in d.get("inputs", ())),
                   error=str(d.get("error", "")), pid=int(d.get("pid", 0)))


class JobQueue:
    """Runs ``work(folder) -> Analysis`` for each submitted folder on one daemon thread."""

    def __init__(self, work: Callable[[Path], Analysis], keep: int = 50,
                 on_done: Callable[[], None] | None = None,
                 state_dir: Path | None = None) -> None:
        self._work = work
        self._keep = keep
        self._on_done = on_done
        self._state_dir = state_dir
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._queue: queue.Queue[Job] = queue.Queue()
        self._thread: threading.Thread | None = None
        if state_dir is not None:
            self._load(state_dir)

    def _load(self, state_dir: Path) -> None:
        """Jobs of an earlier server from their status files; unfinished ones are failed."""
        if not state_dir.is_dir():
            return
        for path in sorted(state_dir.glob("*.json")):
            if not _JOB_ID.fullmatch(path.stem):
                continue
            try:
                job = Job.from_dict(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("upload job status %s unreadable (%s): ignored", path, exc)
                continue
            if job.id != path.stem:
                continue
            if job.status in ("queued", "running") and _other_live_process(job.pid):
                pass  # another server on this store still runs it: leave it alone
            elif job.status in ("queued", "running"):
                _remove_upload_folder(job.folder)
                job.status, job.error = "failed", INTERRUPTED
                job.finished = job.finished or time.time()
                self._save(job)
            self._jobs[job.id] = job
        self._prune()

    def _save(self, job: Job) -> None:
        """Write the job's status file atomically (a reader never sees half a file)."""
        if self._state_dir is None:
            return
        try:
            self._state_dir.mkdir(parents=True, exist_ok=True)
            path = self._state_dir / f"{job.id}.json"
            tmp = path.with_name(f".{job.id}.{threading.get_ident()}.tmp")
            tmp.write_text(json.dumps(job.to_dict(), ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:  # the job runs on; only its status would not survive a restart
            log.warning("upload job %s: status not saved: %s", job.id, exc)

    def submit(self, folder: Path, files: list[str]) -> Job:
        job = Job(secrets.token_urlsafe(12), folder, files)
        with self._lock:
            self._jobs[job.id] = job
            self._save(job)
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
            if self._state_dir is not None:
                (self._state_dir / f"{job.id}.json").unlink(missing_ok=True)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            job.status = "running"
            with self._lock:
                self._save(job)
            status: JobStatus = "failed"
            try:
                result = self._work(job.folder)
                job.articles, job.inputs = len(result.articles), result.inputs
                status = "done"
            except Exception as exc:  # the reason is shown on the status page, no traceback
                job.error = f"{type(exc).__name__}: {exc}"[:500]
            finally:
                # clean up and refresh the app's analysis before the end is visible: whoever
                # sees "done" finds the folder gone and the new articles served
                shutil.rmtree(job.folder, ignore_errors=True)
                if self._on_done is not None:
                    self._on_done()
                job.finished = time.time()
                job.status = status
                with self._lock:
                    self._save(job)
                self._queue.task_done()
