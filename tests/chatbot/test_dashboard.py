import csv
import io

import pytest

from chatbot import services
from chatbot.models import FAQ, ChatLead, ChatMessage, ChatSession
from chatbot.selectors import faq_search


@pytest.fixture
def conversation(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        session = services.session_start(visitor_id="v_dashboard_visitor")
        ChatMessage.objects.create(session=session, role="user", content="Do you have red shoes?")
        ChatMessage.objects.create(session=session, role="assistant", content="Yes, size 42.")
    return session


def test_inbox_lists_conversations(owner_client_a, conversation):
    page = owner_client_a.get("/chat/")
    assert page.status_code == 200
    assert "Yes, size 42." in page.content.decode()


def test_inbox_search_and_filters(owner_client_a, conversation, tenant_a, in_tenant):
    assert "size 42" in owner_client_a.get("/chat/?q=shoes").content.decode()
    assert "size 42" not in owner_client_a.get("/chat/?q=umbrella").content.decode()
    assert "size 42" not in owner_client_a.get("/chat/?handoff=human_requested").content.decode()
    assert "size 42" not in owner_client_a.get("/chat/?lead=yes").content.decode()
    assert "size 42" in owner_client_a.get("/chat/?lead=no&from=2000-01-01").content.decode()
    assert "size 42" not in owner_client_a.get("/chat/?from=2999-01-01").content.decode()
    assert owner_client_a.get("/chat/?from=not-a-date").status_code == 200


def test_inbox_requires_login(client_a):
    response = client_a.get("/chat/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_owner_reply_takes_over_and_hand_back(owner_client_a, conversation, tenant_a, in_tenant):
    response = owner_client_a.post(f"/chat/{conversation.pk}/reply/", {"content": "Hi, this is Ana."})
    assert response.status_code == 302
    with in_tenant(tenant_a):
        session = ChatSession.objects.get(pk=conversation.pk)
        assert session.handoff_status == "human"
        assert session.messages.filter(role="owner").get().content == "Hi, this is Ana."
    transcript = owner_client_a.get(f"/chat/{conversation.pk}/").content.decode()
    assert "Hi, this is Ana." in transcript and "Hand back to the assistant" in transcript
    owner_client_a.post(f"/chat/{conversation.pk}/hand-back/")
    with in_tenant(tenant_a):
        assert ChatSession.objects.get(pk=conversation.pk).handoff_status == "bot"


def test_empty_owner_reply_is_refused(owner_client_a, conversation, tenant_a, in_tenant):
    owner_client_a.post(f"/chat/{conversation.pk}/reply/", {"content": "  "})
    with in_tenant(tenant_a):
        assert not ChatMessage.objects.filter(role="owner").exists()


def test_transcript_partial_for_htmx_polling(owner_client_a, conversation):
    response = owner_client_a.get(f"/chat/{conversation.pk}/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Yes, size 42." in body and "<html" not in body


def test_leads_csv_export_is_injection_safe(owner_client_a, tenant_a, in_tenant, conversation):
    with in_tenant(tenant_a):
        ChatLead.objects.create(
            session=conversation,
            visitor_id=conversation.visitor_id,
            name="=HYPERLINK(1)",
            email="ana@example.com",
            consent=True,
        )
    response = owner_client_a.get("/chat/leads.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["created_at", "name", "email", "phone"]
    assert rows[1][1] == "'=HYPERLINK(1)" and rows[1][2] == "ana@example.com"
    assert "ana@example.com" in owner_client_a.get("/chat/leads/").content.decode()


def test_faq_create_publish_archive(owner_client_a, tenant_a, in_tenant):
    response = owner_client_a.post(
        "/chat/faqs/new/",
        {
            "question": "Do you gift wrap?",
            "answer": "Yes, for 2 EUR.",
            "category": "orders",
            "status": "draft",
        },
    )
    assert response.status_code == 302
    with in_tenant(tenant_a):
        faq = FAQ.objects.get()
        assert faq_search(query="gift wrap") == []
    owner_client_a.post(f"/chat/faqs/{faq.pk}/status/", {"status": "published"})
    with in_tenant(tenant_a):
        assert [hit.id for hit in faq_search(query="gift wrap")] == [faq.pk]
    owner_client_a.post(
        f"/chat/faqs/{faq.pk}/",
        {
            "question": "Do you gift wrap?",
            "answer": "Yes, free.",
            "category": "orders",
            "status": "published",
        },
    )
    owner_client_a.post(f"/chat/faqs/{faq.pk}/status/", {"status": "archived"})
    with in_tenant(tenant_a):
        faq.refresh_from_db()
        assert (faq.answer, faq.status) == ("Yes, free.", "archived")
        assert faq_search(query="gift wrap") == []


def test_faq_with_bad_status_is_refused(owner_client_a, tenant_a, in_tenant):
    with in_tenant(tenant_a):
        faq = FAQ.objects.create(question="Q?", answer="A.")
    owner_client_a.post(f"/chat/faqs/{faq.pk}/status/", {"status": "deleted"})
    with in_tenant(tenant_a):
        faq.refresh_from_db()
        assert faq.status == "draft"


def test_widget_settings_saved_and_snippet_shown(owner_client_a, tenant_a):
    from chatbot.widget_settings import widget_settings

    page = owner_client_a.get("/chat/settings/").content.decode()
    assert f'data-key="{tenant_a.widget_key}"' in page
    assert "http://alpha.localhost/widget.js" in page
    response = owner_client_a.post(
        "/chat/settings/",
        {
            "title": "Alpha chat",
            "greeting": "Hi!",
            "primary_color": "#112233",
            "position": "bottom-left",
            "allowed_origins": "https://www.alpha.si\nhttps://*.alpha.si",
            "retention_days": "90",
            "lead_email": "",
        },
    )
    assert response.status_code == 302
    saved = widget_settings(tenant_a)
    assert saved["allowed_origins"] == ["https://www.alpha.si", "https://*.alpha.si"]
    assert (saved["title"], saved["retention_days"], saved["position"]) == ("Alpha chat", 90, "bottom-left")


def test_widget_settings_refuse_bad_origin(owner_client_a, tenant_a):
    from chatbot.widget_settings import widget_settings

    response = owner_client_a.post(
        "/chat/settings/",
        {
            "title": "",
            "greeting": "",
            "primary_color": "#112233",
            "position": "bottom-right",
            "allowed_origins": "www.alpha.si/page",
            "retention_days": "90",
        },
    )
    assert response.status_code == 200
    assert "is not an origin" in response.content.decode()
    assert widget_settings(tenant_a)["allowed_origins"] == []


def test_visitor_data_page_exports_and_erases(owner_client_a, conversation, tenant_a, in_tenant):
    page = owner_client_a.get("/chat/visitors/?visitor_id=v_dashboard_visitor").content.decode()
    assert "Do you have red shoes?" in page
    download = owner_client_a.get("/chat/visitors/?visitor_id=v_dashboard_visitor&download=1")
    assert download.json()["sessions"][0]["messages"][0]["content"] == "Do you have red shoes?"
    owner_client_a.post("/chat/visitors/", {"visitor_id": "v_dashboard_visitor", "action": "delete"})
    with in_tenant(tenant_a):
        assert ChatSession.objects.count() == 0


def test_owner_of_b_cannot_open_a_conversation(conversation, tenant_b, client):
    from accounts.services import owner_create

    owner_create(account=tenant_b, email="owner@beta.test", password="correct-horse-9")
    client.defaults["HTTP_HOST"] = "beta.localhost"
    assert (
        client.post("/login/", {"username": "owner@beta.test", "password": "correct-horse-9"}).status_code
        == 302
    )
    assert client.get(f"/chat/{conversation.pk}/").status_code == 404
    assert "size 42" not in client.get("/chat/?q=shoes").content.decode()
    export = client.get("/chat/visitors/?visitor_id=v_dashboard_visitor&download=1").json()
    assert export["sessions"] == [] and export["leads"] == []


def test_login_of_a_is_not_valid_on_b(owner_client_a):
    response = owner_client_a.get("/chat/", HTTP_HOST="beta.localhost")
    assert response.status_code == 302


def test_dashboard_speaks_slovenian_by_default(owner_client_a, conversation):
    del owner_client_a.defaults["HTTP_ACCEPT_LANGUAGE"]
    page = owner_client_a.get(f"/chat/{conversation.pk}/").content.decode()
    assert "Vrni asistentu" not in page  # only shown once a person took over
    assert "Pošlji odgovor" in page
