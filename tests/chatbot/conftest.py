import json

import pytest

from tests.conftest import host


class Widget:
    """A widget-API client for one tenant host, sending what a browser on `origin` would send."""

    def __init__(self, client, account, origin=None, key=None, lang="en"):
        self.client = client
        self.account = account
        self.host = host(account)
        self.origin = origin or f"http://{self.host}"
        self.key = key or account.widget_key
        self.lang = lang
        self.visitor = ""

    def headers(self, **extra):
        headers = {
            "HTTP_HOST": self.host,
            "HTTP_ORIGIN": self.origin,
            "HTTP_X_WIDGET_KEY": self.key,
            "HTTP_X_WIDGET_LANG": self.lang,
        }
        if self.visitor:
            headers["HTTP_X_VISITOR_ID"] = self.visitor
        headers.update(extra)
        return headers

    def post(self, path, data=None, raw=None, **extra):
        body = raw if raw is not None else json.dumps(data or {})
        return self.client.post(
            f"/api/v1/chat/widget/{path}", body, content_type="application/json", **self.headers(**extra)
        )

    def get(self, path, **extra):
        return self.client.get(f"/api/v1/chat/widget/{path}", **self.headers(**extra))

    def start(self, **data):
        response = self.post("sessions/", {"lang": self.lang, **data})
        assert response.status_code == 201, response.content
        body = response.json()
        self.visitor = body["visitor_id"]
        return body

    def say(self, session_id, content):
        return self.post(f"sessions/{session_id}/messages/", {"content": content, "lang": self.lang})

    def stream(self, session_id, cursor=0, **extra):
        response = self.get(f"sessions/{session_id}/stream/?cursor={cursor}", **extra)
        if response.status_code != 200:
            return response, []
        return response, parse_sse(b"".join(response.streaming_content).decode())


def parse_sse(text):
    events = []
    for block in text.split("\n\n"):
        event, data, event_id = "message", None, None
        for line in block.splitlines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])
            elif line.startswith("id: "):
                event_id = int(line[4:])
        if data is not None:
            events.append({"event": event, "data": data, "id": event_id})
    return events


@pytest.fixture
def widget_a(tenant_a, client):
    return Widget(client, tenant_a)


@pytest.fixture
def widget_b(tenant_b, client):
    return Widget(client, tenant_b)


@pytest.fixture
def shop_a(tenant_a, in_tenant):
    """A small catalog in tenant A (the price the bot must quote comes from here)."""
    from shop.models import Product
    from shop.services import product_bulk_sync

    row = {
        "external_id": "p-1",
        "name": "Modra majica",
        "category": "Majice",
        "description": "Bombažna majica",
        "attributes": {"color": ["blue"], "size": ["S", "M"]},
        "price": "19.90",
        "stock": 5,
    }
    with in_tenant(tenant_a):
        report = product_bulk_sync(rows=[row])
        assert report.created == 1, report
        product = Product.objects.get(external_id="p-1")
    return product


@pytest.fixture
def fake_agent(monkeypatch):
    """Replace the agent runtime at the LLM boundary with a scripted reply (or failure)."""
    from llm import runtime

    calls = []

    class Reply:
        def __init__(self, text):
            self.text, self.input_tokens, self.output_tokens = text, 7, 5
            self.total_tokens, self.tool_calls = 12, [{"name": "product_search", "args": {}, "result": {}}]
            self.over_quota, self.fell_back, self.language = False, False, "en"

    state = {"text": "Scripted answer.", "fail": None}

    def agent_reply(*, account, context, history, on_delta=None, **kwargs):
        calls.append({"account": account, "context": context, "history": history})
        if state["fail"]:
            raise state["fail"]
        if on_delta:
            for word in state["text"].split(" "):
                on_delta(word + " ")
        return Reply(state["text"])

    monkeypatch.setattr(runtime, "agent_reply", agent_reply)
    state["calls"] = calls
    return state


@pytest.fixture(autouse=True)
def _clear_tenant_cache_keys():
    """django-tenants' key function puts the schema FIRST ("alpha:<prefix>:1:key"), which the
    shared cleaner (prefix-first scan) misses; rate-limit counters must not leak between tests."""
    from django.conf import settings
    from django.core.cache import cache

    if settings.REDIS_URL:
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"*:{settings.REDIS_KEY_PREFIX}:*", count=1000))
        if keys:
            client.delete(*keys)
    yield


@pytest.fixture
def owner_client_a(owner_client_a):
    """The shared logged-in owner client, reading the dashboard in English."""
    owner_client_a.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return owner_client_a
