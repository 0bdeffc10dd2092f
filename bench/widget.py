"""Chat widget: gzipped size, and chat turns/s + p50/p95 latency of the widget API end to end.

    DATABASE_URL=postgres://... REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/widget.py \
        [--seconds 20] [--shoppers 6] [--workers 2]

What runs: a throwaway account (demo shop: company info + 300 products), this process serving
the real WSGI app on a loopback port (threaded, like runserver), a real Celery worker
(prefork, --workers processes) on Redis, the offline engine. A bounded load generator (--shoppers
threads for --seconds) plays shoppers: start a session, then per turn POST a message and read the
SSE stream until the reply is stored. Latency = POST sent → final reply event received.
Without REDIS_URL replies are produced inline inside the POST (development mode) and no worker runs.
The account, its schema, the Redis keys and the worker are removed at the end.
"""

import argparse
import gzip
import json
import logging
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = "bench-chat-" + secrets.token_hex(3)
# Before Django starts: our own Redis prefix and queue, real (non-eager) Celery when Redis is there.
os.environ["REDIS_KEY_PREFIX"] = RUN
os.environ["CELERY_QUEUE"] = RUN
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0" if os.environ.get("REDIS_URL") else "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import django_setup, percentile  # noqa: E402

QUESTIONS = [
    "Koliko stane dostava?",
    "What are your opening hours?",
    "Do you have red t-shirts in size M?",
    "Ali imate črne čevlje?",
    "What is your return policy?",
    "Kako lahko plačam?",
    "Hello!",
    "Any jackets under 60 €?",
]


def widget_size() -> None:
    source = (ROOT / "chatbot" / "static" / "chatbot" / "widget.js").read_bytes()
    print(f"widget.js: {len(source)} bytes raw, {len(gzip.compress(source, 9))} bytes gzipped (budget 15360)")


def serve(port: int):
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", port), Quiet)
    server.set_app(WSGIHandler())
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_worker(workers: int):
    env = {**os.environ, "REDIS_KEY_PREFIX": RUN, "CELERY_QUEUE": RUN}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            RUN,
            "-c",
            str(workers),
            "-l",
            "warning",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return proc


def shopper(
    base: str, headers: dict, deadline: float, results: dict, lock: threading.Lock, seed: int
) -> None:
    import httpx

    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        start = client.post("/api/v1/chat/widget/sessions/", json={"lang": "en"})
        if start.status_code != 201:
            with lock:
                results["errors"].append(f"start {start.status_code} {start.text[:200]}")
            return
        sid, visitor = start.json()["session_id"], start.json()["visitor_id"]
        turn = seed
        while time.monotonic() < deadline:
            question = QUESTIONS[turn % len(QUESTIONS)]
            turn += 1
            t0 = time.perf_counter()
            posted = client.post(
                f"/api/v1/chat/widget/sessions/{sid}/messages/",
                json={"content": question, "lang": "en"},
                headers={"X-Visitor-Id": visitor},
            )
            t_post = time.perf_counter() - t0
            if posted.status_code != 202:
                with lock:
                    results["errors"].append(f"post {posted.status_code}")
                continue
            cursor = posted.json()["message"]["id"]
            got_reply = False
            with client.stream(
                "GET", f"/api/v1/chat/widget/sessions/{sid}/stream/?cursor={cursor}&visitor_id={visitor}"
            ) as stream:
                event = ""
                seen = []
                for line in stream.iter_lines():
                    if line.startswith("event: "):
                        seen.append(line[7:])
                    if line.startswith("event: "):
                        event = line[7:]
                    elif line.startswith("data: ") and event == "message":
                        if json.loads(line[6:])["role"] == "assistant":
                            got_reply = True
                    elif line.startswith("data: ") and event == "end":
                        break
            elapsed = time.perf_counter() - t0
            with lock:
                if got_reply:
                    results["turns"].append(elapsed)
                    results["posts"].append(t_post)
                else:
                    results["errors"].append(f"no reply to {question!r} (events {seen})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--shoppers", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    widget_size()
    django_setup()
    # The load generator's own request log would drown the numbers.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from django.conf import settings
    from django.db import connection

    from accounts.demo import demo_catalog_seed
    from accounts.services import account_create, account_delete

    # The load generator is one IP: lift the per-IP/visitor limits for this process's server.
    settings.CHATBOT_IP_RATE = settings.CHATBOT_SESSION_RATE = (1_000_000, 60)
    settings.CHATBOT_VISITOR_RATE = (1_000_000, 60)
    slug = RUN.replace("-", "")  # no underscores: they are not valid in a host name
    account = account_create(slug=slug, name="Bench chat", tier="enterprise").account
    worker = None
    server = None
    try:
        demo_catalog_seed(account, products=300, months=0)
        connection.set_schema_to_public()
        port = 18000 + secrets.randbelow(2000)
        server = serve(port)
        mode = "inline (no REDIS_URL)"
        if settings.REDIS_URL:
            worker = start_worker(args.workers)
            mode = f"Celery worker x{args.workers} + Redis"
            time.sleep(4)  # worker boot
        host = f"{slug}.localhost:{port}"
        headers = {"Host": host, "Origin": f"http://{host}", "X-Widget-Key": account.widget_key}
        results: dict = {"turns": [], "posts": [], "errors": []}
        lock = threading.Lock()
        begin = time.monotonic()
        deadline = begin + args.seconds
        threads = [
            threading.Thread(
                target=shopper, args=(f"http://127.0.0.1:{port}", headers, deadline, results, lock, i)
            )
            for i in range(args.shoppers)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=args.seconds + 90)
        wall = time.monotonic() - begin
        turns = results["turns"]
        print(f"mode: {mode}; engine: offline; shoppers: {args.shoppers}; duration: {wall:.1f}s")
        if turns:
            print(
                f"chat turns: {len(turns)} -> {len(turns) / wall:.1f} turns/s; "
                f"turn latency p50 {percentile(turns, 50) * 1000:.0f} ms, p95 {percentile(turns, 95) * 1000:.0f} ms; "
                f"POST accepted p50 {percentile(results['posts'], 50) * 1000:.0f} ms, "
                f"p95 {percentile(results['posts'], 95) * 1000:.0f} ms"
            )
        print(f"errors: {len(results['errors'])} {sorted(set(results['errors']))[:5]}")
    finally:
        if server is not None:
            server.shutdown()
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
        connection.close()
        connection.set_schema_to_public()
        account_delete(account=account)
        if settings.REDIS_URL:
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL)
            keys = list(client.scan_iter(match=f"*{RUN}*", count=1000))
            if keys:
                client.delete(*keys)
        print("cleaned up account", slug)


if __name__ == "__main__":
    main()
