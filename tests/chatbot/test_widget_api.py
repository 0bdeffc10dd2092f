from chatbot.models import ChatMessage, ChatSession


def _messages(account, in_tenant, role=None):
    with in_tenant(account):
        qs = ChatMessage.objects.order_by("id")
        if role:
            qs = qs.filter(role=role)
        return list(qs.values_list("role", "content"))


def test_session_start_returns_ids_and_settings(widget_a):
    body = widget_a.start()
    assert len(body["session_id"]) == 32
    assert body["visitor_id"].startswith("v_")
    assert body["settings"]["title"] == "Chat with the shop"
    assert body["messages"] == []


def test_session_resumes_with_same_visitor_and_id(widget_a, fake_agent):
    first = widget_a.start()
    widget_a.say(first["session_id"], "hello there")
    again = widget_a.start(session_id=first["session_id"], visitor_id=first["visitor_id"])
    assert again["session_id"] == first["session_id"]
    assert [m["role"] for m in again["messages"]] == ["user", "assistant"]


def test_session_id_with_another_visitor_starts_a_new_session(widget_a):
    first = widget_a.start()
    other = widget_a.start(session_id=first["session_id"], visitor_id="v_someone_else_123")
    assert other["session_id"] != first["session_id"]


def test_message_is_answered_and_stored_with_tokens(widget_a, tenant_a, in_tenant, fake_agent):
    session = widget_a.start()["session_id"]
    response = widget_a.say(session, "How much is the blue shirt?")
    assert response.status_code == 202
    assert response.json()["message"]["content"] == "How much is the blue shirt?"
    with in_tenant(tenant_a):
        reply = ChatMessage.objects.get(role="assistant")
        assert reply.content == "Scripted answer."
        assert reply.tokens == 12
    assert fake_agent["calls"][0]["context"].session_id == session
    assert fake_agent["calls"][0]["history"][-1] == {"role": "user", "content": "How much is the blue shirt?"}


def test_real_agent_answers_product_price_from_the_catalog(widget_a, shop_a, tenant_a, in_tenant):
    session = widget_a.start()["session_id"]
    assert widget_a.say(session, "Koliko stane modra majica?").status_code == 202
    with in_tenant(tenant_a):
        reply = ChatMessage.objects.get(role="assistant")
    assert "19,90" in reply.content or "19.90" in reply.content


def test_model_failure_keeps_message_and_apologises(widget_a, tenant_a, in_tenant, fake_agent):
    fake_agent["fail"] = RuntimeError("provider exploded")
    session = widget_a.start()["session_id"]
    assert widget_a.say(session, "Do you ship to Austria?").status_code == 202
    stored = _messages(tenant_a, in_tenant)
    assert stored[0] == ("user", "Do you ship to Austria?")
    assert stored[1][0] == "assistant"
    assert stored[1][1].startswith("Sorry, I cannot answer right now.")
    assert "provider exploded" not in stored[1][1]


def test_empty_message_is_refused(widget_a, tenant_a, in_tenant):
    session = widget_a.start()["session_id"]
    response = widget_a.say(session, "   \n ")
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "empty_message", "message": "Please write a message first."}
    assert _messages(tenant_a, in_tenant) == []


def test_oversize_message_is_refused(widget_a, tenant_a, in_tenant):
    session = widget_a.start()["session_id"]
    response = widget_a.say(session, "x" * 2001)
    assert response.status_code == 413
    assert "under 2000 characters" in response.json()["error"]["message"]
    assert _messages(tenant_a, in_tenant) == []


def test_huge_body_is_refused_before_parsing(widget_a):
    session = widget_a.start()["session_id"]
    response = widget_a.post(f"sessions/{session}/messages/", raw='{"content": "' + "a" * 20000 + '"}')
    assert response.status_code == 413


def test_non_utf8_body_is_refused(widget_a, tenant_a, in_tenant):
    session = widget_a.start()["session_id"]
    response = widget_a.post(f"sessions/{session}/messages/", raw=b'{"content": "caf\xe9"}')
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_utf8"
    assert _messages(tenant_a, in_tenant) == []


def test_lone_surrogate_escape_is_refused(widget_a):
    session = widget_a.start()["session_id"]
    response = widget_a.post(f"sessions/{session}/messages/", raw='{"content": "hi \\ud800"}')
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_utf8"


def test_refusal_is_translated_to_slovenian(widget_a):
    widget_a.lang = "sl"
    session = widget_a.start()["session_id"]
    response = widget_a.say(session, "")
    assert response.json()["error"]["message"] == "Najprej napišite sporočilo."


def test_flood_is_rate_limited_and_every_accepted_message_is_stored(
    widget_a, tenant_a, in_tenant, fake_agent
):
    session = widget_a.start()["session_id"]
    statuses = [widget_a.say(session, f"message {i}").status_code for i in range(15)]
    assert statuses.count(202) == 10
    assert statuses[10:] == [429] * 5
    refused = widget_a.say(session, "one more")
    assert refused.json()["error"]["code"] == "rate_limited"
    stored = [content for role, content in _messages(tenant_a, in_tenant, role="user")]
    assert stored == [f"message {i}" for i in range(10)]


def test_quota_exhausted_is_refused_with_a_clear_message(widget_a, monkeypatch):
    import llm.metering

    monkeypatch.setattr(llm.metering, "quota_exceeded", lambda account: True)
    session = widget_a.start()["session_id"]
    response = widget_a.say(session, "hello")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "quota_exceeded"


def test_history_returns_messages_after_cursor(widget_a, fake_agent):
    session = widget_a.start()["session_id"]
    first = widget_a.say(session, "first").json()["message"]["id"]
    body = widget_a.get(f"sessions/{session}/messages/?after={first}").json()
    assert [m["role"] for m in body["messages"]] == ["assistant"]
    assert body["reply_pending"] is False


def test_stream_replays_after_cursor_and_ends(widget_a, fake_agent):
    session = widget_a.start()["session_id"]
    first = widget_a.say(session, "first").json()["message"]["id"]
    response, events = widget_a.stream(session, cursor=first)
    assert response["Content-Type"].startswith("text/event-stream")
    assert [e["event"] for e in events] == ["message", "end"]
    assert events[0]["data"]["content"] == "Scripted answer."
    assert events[0]["id"] > first


def test_stream_honours_last_event_id(widget_a, fake_agent):
    session = widget_a.start()["session_id"]
    widget_a.say(session, "first")
    _, events = widget_a.stream(session)
    last = [e["id"] for e in events if e["id"]][-1]
    _, again = widget_a.stream(session, HTTP_LAST_EVENT_ID=str(last))
    assert [e["event"] for e in again] == ["end"]


def test_session_row_tracks_activity_and_language(widget_a, tenant_a, in_tenant, fake_agent):
    session = widget_a.start()["session_id"]
    widget_a.say(session, "hello")
    with in_tenant(tenant_a):
        row = ChatSession.objects.get(session_id=session)
    assert row.language == "en"
    assert row.last_activity_at >= row.started_at
