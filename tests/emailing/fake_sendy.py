"""A local fake Sendy installation: the documented endpoints, fields and plain-text answers.

Runs a stdlib ThreadingHTTPServer on 127.0.0.1 (free port) in a daemon thread. It keeps lists,
subscribers and created campaigns in memory so tests can count what really reached "Sendy".

Switches (attributes, set by a test):
- `fail_next[path] = "Some Sendy error text"` answers that text (HTTP 200) once for that path;
- `status_next[path] = 503` answers that HTTP status once;
- `delay_next[path] = seconds` sleeps before answering once (client timeouts);
- `json_drafts = False` ignores `json=1` like older Sendy versions;
- `campaign_delay` sleeps inside every campaign create (widens race windows).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


@dataclass
class FakeSendyState:
    api_key: str = "sendy-test-key"
    brands: dict = field(default_factory=lambda: {"1": "Alpha Shop"})
    # list id -> {"name", "brand_id", "subscribers": {email: {"status", "name", "gdpr", ...}}}
    lists: dict = field(default_factory=dict)
    campaigns: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    fail_next: dict = field(default_factory=dict)
    status_next: dict = field(default_factory=dict)
    delay_next: dict = field(default_factory=dict)
    json_drafts: bool = True
    campaign_delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class FakeSendy:
    def __init__(self):
        self.state = FakeSendyState()
        self.state.lists = {
            "list-abc": {"name": "Newsletter", "brand_id": "1", "subscribers": {}},
            "list-vip": {"name": "VIP", "brand_id": "1", "subscribers": {}},
        }
        self._ids = itertools.count(101)
        handler = type("Handler", (_Handler,), {"fake": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeSendy:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # Shortcuts for tests
    @property
    def campaigns(self) -> list:
        return self.state.campaigns

    def subscriber(self, list_id: str, email: str) -> dict | None:
        return self.state.lists[list_id]["subscribers"].get(email.lower())

    def add_subscriber(self, list_id: str, email: str, status: str = "Subscribed") -> None:
        self.state.lists[list_id]["subscribers"][email.lower()] = {"status": status, "name": ""}

    # Endpoint logic: returns the plain-text (or JSON) answer
    def answer(self, path: str, form: dict) -> str:
        s = self.state
        key = form.get("api_key", "")
        if path == "/subscribe":
            return self._subscribe(form)
        if path == "/unsubscribe":
            if not form.get("email") or not form.get("list"):
                return "Some fields are missing."
            if "@" not in form["email"]:
                return "Invalid email address."
            sub = s.lists.get(form["list"], {}).get("subscribers", {}).get(form["email"].lower())
            if sub is None:
                return "Email does not exist."
            sub["status"] = "Unsubscribed"
            return "true"
        if not form:
            return "No data passed"
        if not key:
            return "API key not passed"
        if key != s.api_key:
            return "Invalid API key"
        if path == "/api/campaigns/create.php":
            return self._create_campaign(form)
        if path == "/api/lists/get-lists.php":
            if not form.get("brand_id"):
                return "Brand ID not passed"
            if form["brand_id"] not in s.brands:
                return "Brand does not exist"
            found = [(i, v) for i, v in s.lists.items() if v["brand_id"] == form["brand_id"]]
            if not found:
                return "No lists found"
            return json.dumps({f"list{n}": {"id": i, "name": v["name"]} for n, (i, v) in enumerate(found, 1)})
        if path == "/api/brands/get-brands.php":
            if not s.brands:
                return "No brands found"
            return json.dumps(
                {f"brand{n}": {"id": i, "name": v} for n, (i, v) in enumerate(s.brands.items(), 1)}
            )
        if path in (
            "/api/subscribers/subscription-status.php",
            "/api/subscribers/active-subscriber-count.php",
            "/api/subscribers/delete.php",
        ):
            if path == "/api/subscribers/subscription-status.php" and not form.get("email"):
                return "Email not passed"
            if not form.get("list_id"):
                return "List ID not passed"
            lst = s.lists.get(form["list_id"])
            if path == "/api/subscribers/active-subscriber-count.php":
                if lst is None:
                    return "List does not exist"
                return str(sum(1 for v in lst["subscribers"].values() if v["status"] == "Subscribed"))
            if path == "/api/subscribers/delete.php":
                if lst is None:
                    return "List does not exist"
                if lst["subscribers"].pop(form.get("email", "").lower(), None) is None:
                    return "Subscriber does not exist"
                return "true"
            sub = (lst or {}).get("subscribers", {}).get(form["email"].lower())
            return sub["status"] if sub else "Email does not exist in list"
        return "Not found"

    def _subscribe(self, form: dict) -> str:
        s = self.state
        if not form.get("api_key"):
            return "API key not passed"
        if form["api_key"] != s.api_key:
            return "Invalid API key"
        if not form.get("email") or not form.get("list"):
            return "Some fields are missing."
        email = form["email"].lower()
        if "@" not in email or "." not in email.split("@")[-1]:
            return "Invalid email address."
        lst = s.lists.get(form["list"])
        if lst is None:
            return "Invalid list ID."
        current = lst["subscribers"].get(email)
        if current and current["status"] == "Subscribed":
            return "Already subscribed."
        if current and current["status"] == "Bounced":
            return "Bounced email address."
        lst["subscribers"][email] = {
            "status": "Subscribed" if form.get("silent") == "true" else "Unconfirmed",
            **{k: v for k, v in form.items() if k not in ("api_key", "list", "boolean")},
        }
        return "true"

    def _create_campaign(self, form: dict) -> str:
        s = self.state
        for name, message in (
            ("from_name", "From name not passed"),
            ("from_email", "From email not passed"),
            ("reply_to", "Reply to email not passed"),
            ("subject", "Subject not passed"),
            ("html_text", "HTML not passed"),
        ):
            if not form.get(name):
                return message
        send = form.get("send_campaign", "0") == "1"
        list_ids = [i for i in form.get("list_ids", "").split(",") if i]
        segment_ids = [i for i in form.get("segment_ids", "").split(",") if i]
        if send and not (list_ids or segment_ids):
            return "List or segment ID(s) not passed"
        if not send and not form.get("brand_id"):
            return "Brand ID not passed"
        if any(i not in s.lists for i in list_ids):
            return "One or more list IDs are invalid"
        if segment_ids:
            return "One or more segment IDs are invalid"
        if len({s.lists[i]["brand_id"] for i in list_ids}) > 1:
            return "List or segment IDs does not belong to a single brand"
        schedule = form.get("schedule_date_time")
        if schedule:
            try:
                time.strptime(schedule, "%B %d, %Y %I:%M%p")
            except ValueError:
                return "schedule_date_time is invalid"
        if s.campaign_delay:
            time.sleep(s.campaign_delay)
        with s.lock:
            campaign_id = str(next(self._ids))
            s.campaigns.append({"id": campaign_id, **form})
        if schedule:
            return "Campaign scheduled"
        if send:
            return "Campaign created and now sending"
        if form.get("json") == "1" and s.json_drafts:
            return json.dumps({"status": "Campaign created", "campaign_id": campaign_id})
        return "Campaign created"


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSendy

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        s = self.fake.state
        path = self.path.split("?")[0]
        with s.lock:
            s.requests.append((path, form))
            delay = s.delay_next.pop(path, 0)
            status = s.status_next.pop(path, None)
            failure = s.fail_next.pop(path, None)
        if delay:
            time.sleep(delay)
        if status:
            self._send(status, "Internal Server Error")
            return
        self._send(200, failure if failure is not None else self.fake.answer(path, form))

    def _send(self, status: int, body: str) -> None:
        payload = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        try:
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass
