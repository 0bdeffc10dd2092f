"""Add-on services and tasks: back-in-stock emails, approval-gated descriptions, FAQ drafts from
chats, RFQ quotes and lead scores."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings

from tests.addons.conftest import disable, product_id, seed

pytestmark = pytest.mark.django_db


class FailingBackend:
    """An ESP that is down (the outside boundary)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("ESP unavailable")


def _subscribe(account, external_id, email="ana@example.com", language="sl"):
    from django_tenants.utils import tenant_context

    from addons.stock_alerts import stock_subscribe

    pid = product_id(account, external_id)
    with tenant_context(account):
        return stock_subscribe(product_id=pid, email=email, consent=True, language=language)[0]


def _run_task(account):
    from django_tenants.utils import tenant_context

    from addons.tasks import stock_alerts_send

    with tenant_context(account):
        return stock_alerts_send.apply().get()


def test_subscriber_is_emailed_once_when_stock_goes_from_zero(catalog, tenant_a, in_tenant):
    row = _subscribe(tenant_a, "TS-BLUE")
    assert _run_task(tenant_a) == {"sent": 0, "failed": 0}
    seed(tenant_a, [{"external_id": "TS-BLUE", "stock": 4}])
    assert _run_task(tenant_a) == {"sent": 1, "failed": 0}
    assert _run_task(tenant_a) == {"sent": 0, "failed": 0}
    assert [(m.to, "Modra majica" in m.subject) for m in mail.outbox] == [(["ana@example.com"], True)]
    assert "17,50 €" in mail.outbox[0].body
    with in_tenant(tenant_a):
        row.refresh_from_db()
        assert row.notified_at is not None


def test_failed_send_stays_pending_for_the_next_scan(catalog, tenant_a):
    _subscribe(tenant_a, "TS-BLUE")
    seed(tenant_a, [{"external_id": "TS-BLUE", "stock": 4}])
    with override_settings(EMAIL_BACKEND="tests.addons.test_services.FailingBackend"):
        assert _run_task(tenant_a) == {"sent": 0, "failed": 1}
    assert _run_task(tenant_a) == {"sent": 1, "failed": 0}


def test_task_does_nothing_when_the_addon_is_off(catalog, tenant_a):
    _subscribe(tenant_a, "TS-BLUE")
    seed(tenant_a, [{"external_id": "TS-BLUE", "stock": 4}])
    disable(tenant_a, "chatbot", "stock_alerts")
    assert _run_task(tenant_a) == {"sent": 0, "failed": 0}
    assert mail.outbox == []


def test_fan_out_emails_each_tenants_own_subscribers_only(catalog, tenant_a, tenant_b):
    from accounts.tasks import tenant_fan_out

    _subscribe(tenant_a, "TS-BLUE", email="alpha@example.com")
    _subscribe(tenant_b, "B-CAP", email="beta@example.com")
    seed(tenant_a, [{"external_id": "TS-BLUE", "stock": 2}])
    schemas = tenant_fan_out.apply(
        args=("addons.stock_alerts_send", [], {}, ["chatbot", "stock_alerts"])
    ).get()
    assert {"alpha", "beta"} <= set(schemas)
    assert [m.to for m in mail.outbox] == [["alpha@example.com"]]


def test_subscribing_to_a_product_in_stock_is_refused(catalog, tenant_a):
    with pytest.raises(ValidationError) as exc:
        _subscribe(tenant_a, "TS-RED")
    assert "product_id" in exc.value.message_dict


def test_asking_twice_keeps_one_pending_subscription(catalog, tenant_a, in_tenant):
    from addons.models import StockNotification

    first, second = _subscribe(tenant_a, "TS-BLUE"), _subscribe(tenant_a, "TS-BLUE", email="ANA@example.com")
    assert first.pk == second.pk
    with in_tenant(tenant_a):
        assert StockNotification.objects.count() == 1


def test_description_is_written_only_after_the_owner_approves(
    catalog, tenant_a, owner_a, in_tenant, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    from addons.generators import description_draft_propose
    from assistant.actions import action_approve
    from shop.models import Product

    with in_tenant(tenant_a):
        product = Product.objects.get(external_id="HOOD-GRN")
        action = description_draft_propose(product_id=product.pk, language="en")
        assert Product.objects.get(pk=product.pk).description == ""
        owner = get_user_model().objects.get(username=owner_a[0])
        with django_capture_on_commit_callbacks(execute=True):
            action_approve(action_id=action.pk, user=owner)
        assert Product.objects.get(pk=product.pk).description == action.payload["description"]
        assert action.payload["description"].startswith("Zelen pulover from our Puloverji range.")


def _chat(session_key: str, question: str, answer: str):
    from chatbot.models import ChatMessage, ChatSession

    session = ChatSession.objects.create(visitor_id=session_key)
    ChatMessage.objects.create(session=session, role="user", content=question)
    ChatMessage.objects.create(session=session, role="assistant", content=answer)
    return session


def test_faq_drafts_come_from_questions_asked_in_two_chats(catalog, tenant_a, in_tenant):
    from addons.generators import faq_drafts_generate
    from chatbot.models import FAQ

    with in_tenant(tenant_a):
        _chat("v1", "Ali pošiljate v Avstrijo?", "Da, pošiljamo v vse države EU.")
        _chat("v2", "ali pošiljate v avstrijo", "Da.")
        _chat("v3", "Kje je trgovina?", "Na Slovenski 1.")
        faqs = faq_drafts_generate(language="sl")
        assert [(f.question, f.answer, f.status) for f in faqs] == [
            ("Ali pošiljate v Avstrijo?", "Da, pošiljamo v vse države EU.", "draft")
        ]
        assert faq_drafts_generate(language="sl") == []  # covered now: no duplicate draft
        assert FAQ.objects.count() == 1


def test_faq_generator_refuses_a_bad_threshold(tenant_a, in_tenant):
    from addons.generators import faq_candidates

    with in_tenant(tenant_a), pytest.raises(ValidationError) as exc:
        faq_candidates(min_sessions=0)
    assert "min_sessions" in exc.value.message_dict


def test_rfq_quote_uses_piece_rule_tiers_and_links_the_action(catalog, tenant_a, in_tenant):
    from addons.services import pricing_rule_save, rfq_create, rfq_draft_quote
    from assistant.models import AssistantAction

    with in_tenant(tenant_a):
        pricing_rule_save(
            name="Majice B2B",
            category="Majice",
            params={
                "unit": "piece",
                "unit_price": "15",
                "tiers": [{"min_quantity": 100, "discount_percent": 10}],
            },
        )
        rfq = rfq_create(
            details={"company": "Firma d.o.o.", "email": "buyer@firma.si", "items": [
                {"product": "Rdeča majica", "quantity": 100}, {"product": "Neobstoječ izdelek", "quantity": 3}]}
        )  # fmt: skip
        rfq = rfq_draft_quote(rfq=rfq)
        action = AssistantAction.objects.get(pk=rfq.draft_action_id)
        assert (rfq.status, action.status, action.action_type) == (
            "quote_drafted",
            "suggested",
            "lead_followup",
        )
        assert action.payload["note"].splitlines()[1:4] == [
            "- Rdeča majica × 100: 1350.00 EUR",
            "- Neobstoječ izdelek × 3: price to be set by hand",
            "Total (priced lines): 1350.00 EUR",
        ]


def test_rfq_details_are_validated_with_field_names(tenant_a, in_tenant):
    from addons.services import rfq_create

    with in_tenant(tenant_a), pytest.raises(ValidationError) as exc:
        rfq_create(details={"email": "buyer@firma.si", "items": [{"product": "X", "quantity": 0}]})
    assert "details.items[0].quantity" in exc.value.message_dict


def test_lead_score_reads_the_shoppers_chat(catalog, tenant_a, in_tenant):
    from addons.services import lead_score_refresh
    from chatbot.models import ChatLead

    with in_tenant(tenant_a):
        session = _chat("v9", "Rabim ponudbo za 300 kos majic za naše podjetje", "Seveda.")
        lead = ChatLead.objects.create(session=session, email="a@gmail.com", consent=True)
        row = lead_score_refresh(lead=lead)
        assert (row.score, row.reasons) == (60, ["email", "buying_intent", "bulk", "company"])


def test_new_ticket_emails_the_owner_after_commit(tenant_a, in_tenant, django_capture_on_commit_callbacks):
    from addons.services import ticket_create

    with in_tenant(tenant_a), django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_create(issue="Zadrga ne dela", email="a@b.si", order_ref="#77", kind="warranty")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["owner@alpha.test"], f"Nov zahtevek #{ticket.pk}: garancijski zahtevek")
    ]
    assert "Zadrga ne dela" in mail.outbox[0].body
