"""Real Celery worker processes for tests: this run's test database and Redis, eager off.

A worker is `celery -A config worker` in a subprocess on a queue of the test's choosing. It sees
only committed rows, so tests that use one take `tenants_committed` (or `transactional_db`).
"""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery.result import allow_join_result
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
CELERY = Path(sys.executable).parent / "celery"
TIMEOUT = 60


def worker_env(queue: str, **extra: str) -> dict:
    db = settings.DATABASES["default"]
    return {
        **os.environ,
        "TESTING": "1",
        "TEST_DATABASE_NAME": settings.TEST_DATABASE_NAME,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "REDIS_KEY_PREFIX": settings.REDIS_KEY_PREFIX,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_QUEUE": queue,
        **extra,
    }


class WorkerPool:
    """Worker processes on one queue; each writes its log to `log_dir/<name>.log`."""

    def __init__(self, queue: str, log_dir: Path, extra_env: dict | None = None):
        self.queue = queue
        self.log_dir = Path(log_dir)
        self.env = worker_env(queue, **(extra_env or {}))
        self.processes: list[tuple[subprocess.Popen, object]] = []

    def start(self, name: str = "worker") -> Path:
        log_path = self.log_dir / f"{name}.log"
        log = log_path.open("w")
        process = subprocess.Popen(
            [str(CELERY), "-A", "config", "worker", "-Q", self.queue, "-n", f"{self.queue}-{name}@%h",
             "--pool", "solo", "--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "info"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.processes.append((process, log))
        return log_path

    def stop(self) -> None:
        for process, _log in self.processes:
            process.terminate()
        for process, log in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
            log.close()
        self.processes.clear()


@contextmanager
def real_workers(*, queue: str, log_dir: Path, count: int = 1, extra_env: dict | None = None):
    """Start `count` workers (more with `pool.start()`) and send tasks for real in this process."""
    from config.celery import app

    assert settings.REDIS_URL, "a real-worker test needs REDIS_URL (see .ci/run)"
    pool = WorkerPool(queue, log_dir, extra_env)
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        for n in range(count):
            pool.start(f"worker{n}")
        # This process is the test, not a worker: waiting on results is allowed. Celery guards
        # result.get() with a process-global flag that eager tasks run from several threads at
        # once (the concurrency tests) can leave set, so clear it for the worker test's duration.
        with allow_join_result():
            yield pool
    finally:
        app.conf.task_always_eager = eager
        pool.stop()
        connection.set_schema_to_public()


def wait_until(check, what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"worker did not {what} in {timeout}s")
        time.sleep(0.1)


def wait_ready(result, timeout: float = TIMEOUT):
    """The task's AsyncResult once the worker has finished it (successfully or not)."""
    wait_until(result.ready, f"finish task {result.id}", timeout)
    return result


def wait_result(result, timeout: float = TIMEOUT):
    return wait_ready(result, timeout).get(timeout=1)
