"""The add-on tools: gated by their add-on, and answering through the offline engine in sl and en."""

import pytest
from django_tenants.utils import tenant_context

from llm.registry import tools_for
from llm.testing import ScriptedChatModel
from tests.addons.conftest import ask, disable

pytestmark = pytest.mark.django_db

TOOLS = [
    ("support_ticket_create", "chatbot", "chatbot", "support_tickets"),
    ("price_quote", "chatbot", "chatbot", "price_calculator"),
    ("size_advice", "chatbot", "chatbot", "size_advisor"),
    ("stock_alert_subscribe", "chatbot", "chatbot", "stock_alerts"),
    ("product_finder", "chatbot", "chatbot", "product_finder"),
    ("rfq_submit", "chatbot", "assistant", "b2b_rfq"),
    ("rfq_requests", "assistant", "assistant", "b2b_rfq"),
    ("lead_scores_top", "assistant", "assistant", "lead_qualifier"),
    ("description_draft", "assistant", "assistant", "description_generator"),
    ("faq_drafts_generate", "assistant", "chatbot", "faq_generator"),
]


@pytest.mark.parametrize(("name", "agent", "feature_agent", "feature"), TOOLS)
def test_disabled_addon_tool_is_absent_for_that_account_only(
    tenant_a, tenant_b, name, agent, feature_agent, feature
):
    assert name in [entry.name for entry in tools_for(tenant_a, agent)]
    disable(tenant_a, feature_agent, feature)
    assert name not in [entry.name for entry in tools_for(tenant_a, agent)]
    assert name in [entry.name for entry in tools_for(tenant_b, agent)]


def test_disabled_addon_tool_is_not_given_to_the_model(tenant_a):
    from llm.context import AgentContext
    from llm.runtime import agent_reply

    disable(tenant_a, "chatbot", "price_calculator")
    model = ScriptedChatModel(responses=["Hi."])
    context = AgentContext(account_id=tenant_a.pk, schema_name="alpha", agent="chatbot", channel="cli")
    agent_reply(account=tenant_a, context=context, history=[{"role": "user", "content": "Hi"}], model=model)
    assert "price_quote" not in model.calls[0].tool_names
    assert "size_advice" in model.calls[0].tool_names


def test_disabled_addon_is_not_used_by_the_offline_engine(catalog, tenant_a, in_tenant):
    from addons.models import StockNotification

    disable(tenant_a, "chatbot", "stock_alerts")
    reply = ask(tenant_a, "Obvestite me, ko bo Modra majica spet na zalogi: ana@example.com")
    assert "stock_alert_subscribe" not in [call["name"] for call in reply.tool_calls]
    with in_tenant(tenant_a):
        assert not StockNotification.objects.exists()


@pytest.fixture
def banner_rule(catalog, tenant_a, in_tenant):
    from addons.services import pricing_rule_save
    from tests.addons.conftest import product_id

    pid = product_id(tenant_a, "BANNER")
    with in_tenant(tenant_a):
        params = {"unit": "m2", "unit_price": "24.90", "minimum_charge": "30", "setup_fee": "5"}
        return pricing_rule_save(name="Transparenti", params=params, product_id=pid)


def test_price_quote_offline_in_slovenian(banner_rule, tenant_a):
    reply = ask(tenant_a, "Koliko stane reklamni transparent 120 x 80 cm, 2 kosa?")
    assert reply.language == "sl"
    assert "Izračun za Reklamni transparent: 2 kos (0.96 m² na kos)" in reply.text
    assert "Skupaj: 52,81 €" in reply.text


def test_price_quote_offline_in_english(banner_rule, tenant_a):
    reply = ask(tenant_a, "How much would the reklamni transparent cost at 120 x 80 cm, 2 pieces?")
    assert reply.language == "en"
    assert "Total: €52.81" in reply.text


@pytest.fixture
def shirt_chart(catalog, tenant_a, in_tenant):
    from addons.services import size_chart_save

    chart = {
        "sizes": [{"size": "S", "chest": [86, 94]}, {"size": "M", "chest": [94, 102], "waist": [79, 87]}]
    }
    with in_tenant(tenant_a):
        return size_chart_save(category="Majice", chart=chart)


def test_size_advice_offline_in_slovenian(shirt_chart, tenant_a):
    reply = ask(tenant_a, "Katero velikost majice naj vzamem? Prsni obseg 98 cm, pas 82 cm.")
    assert "v kategoriji Majice priporočam velikost M" in reply.text


def test_size_advice_offline_in_english(shirt_chart, tenant_a):
    reply = ask(tenant_a, "Which size should I take for Majice? My chest is 90 cm.")
    assert "I recommend size S in Majice" in reply.text


def test_stock_alert_offline_in_slovenian_subscribes(catalog, tenant_a, in_tenant):
    from addons.models import StockNotification

    reply = ask(tenant_a, "Obvestite me, ko bo Modra majica spet na zalogi: ana@example.com")
    assert "ko bo Modra majica spet na zalogi, vam pišemo na ana@example.com" in reply.text
    with in_tenant(tenant_a):
        row = StockNotification.objects.get()
        assert (row.email, row.language, row.consent) == ("ana@example.com", "sl", True)


def test_stock_alert_offline_in_english_asks_for_the_email(catalog, tenant_a):
    reply = ask(tenant_a, "Please let me know when the Modra majica is back in stock")
    assert reply.text.startswith(
        "Happy to let you know when Modra majica is back in stock. Which email address should we use?"
    )


def test_stock_alert_follow_up_with_email_uses_the_earlier_question(catalog, tenant_a, in_tenant):
    from addons.models import StockNotification

    history = [
        {"role": "user", "content": "Please let me know when the Modra majica is back in stock"},
        {"role": "assistant", "content": "Which email address should we use?"},
    ]
    reply = ask(tenant_a, "bob@example.com", history=history)
    assert "we will email bob@example.com" in reply.text
    with in_tenant(tenant_a):
        assert StockNotification.objects.filter(email="bob@example.com").count() == 1


def test_support_ticket_offline_in_slovenian(catalog, tenant_a, in_tenant):
    from addons.models import SupportTicket

    reply = ask(tenant_a, "Majica je prišla poškodovana, naročilo #A-1042, moj e-naslov ana@example.com")
    with in_tenant(tenant_a):
        ticket = SupportTicket.objects.get()
    assert f"Vašo reklamacijo sem zabeležil pod številko {ticket.pk}." in reply.text
    assert (ticket.order_ref, ticket.order_found, ticket.email) == ("A-1042", False, "ana@example.com")


def test_support_ticket_offline_in_english_asks_then_files(catalog, tenant_a, in_tenant):
    from addons.models import SupportTicket

    first = ask(tenant_a, "I want to return a broken jacket")
    assert "please write your email address and order number" in first.text
    history = [
        {"role": "user", "content": "I want to return a broken jacket"},
        {"role": "assistant", "content": first.text},
    ]
    reply = ask(tenant_a, "It's joe@example.com", history=history)
    with in_tenant(tenant_a):
        ticket = SupportTicket.objects.get()
    assert f"I have recorded your return as ticket {ticket.pk}." in reply.text
    assert ticket.issue == "I want to return a broken jacket"


@pytest.mark.parametrize(
    "question", ["What is your return policy?", "Kakšna je garancija?", "Kako lahko vrnem izdelek?"]
)
def test_policy_question_opens_no_ticket(catalog, tenant_a, in_tenant, question):
    from addons.models import SupportTicket

    reply = ask(tenant_a, question)
    assert "order number" not in reply.text and "številko naročila" not in reply.text
    with in_tenant(tenant_a):
        assert not SupportTicket.objects.exists()


@pytest.mark.parametrize(
    "message", ["Jakna je pokvarjena", "Želim vrniti čevlje", "I want to return my order #A-77"]
)
def test_reported_problem_or_wish_to_return_starts_a_ticket(catalog, tenant_a, message):
    from addons.intents import complaint_intent

    assert complaint_intent(message)
    reply = ask(tenant_a, message)
    assert "order number" in reply.text or "številko naročila" in reply.text


def test_product_finder_offline_in_slovenian(catalog, tenant_a, in_tenant):
    from addons.models import FinderResponse

    reply = ask(tenant_a, "Mi lahko pomagaš izbrati nekaj v barvi rdeča?")
    assert reply.text.startswith("Priporočam:\n- Rdeča majica – 19,90 €")
    with in_tenant(tenant_a):
        assert FinderResponse.objects.get().answers == {"color": "rdeča"}


def test_product_finder_offline_in_english_asks_questions_first(catalog, tenant_a):
    reply = ask(tenant_a, "Can you help me choose something?")
    assert reply.text.startswith("Let me help you choose. Tell me what you like:")
    assert "- Colours: " in reply.text


def test_rfq_submit_offline_in_slovenian(catalog, tenant_a, in_tenant):
    from addons.models import RfqRequest

    reply = ask(tenant_a, "Za naše podjetje prosimo ponudbo za 200 kos Rdeča majica, ana@podjetje.si")
    with in_tenant(tenant_a):
        rfq = RfqRequest.objects.get()
    assert f"Povpraševanje št. {rfq.pk} smo prejeli" in reply.text
    assert rfq.details["items"] == [{"product": "Rdeča majica", "quantity": 200}]


def test_rfq_submit_offline_in_english_needs_an_email(catalog, tenant_a):
    reply = ask(tenant_a, "We need a quote for 200 pieces of Rdeča majica for our company")
    assert reply.text.startswith("For a quote I need your email address and the products with quantities.")


def test_lead_scores_offline_in_english(catalog, tenant_a, in_tenant):
    from chatbot.models import ChatLead

    with in_tenant(tenant_a):
        ChatLead.objects.create(email="ana@podjetje.si", message="Need a quote urgently", consent=True)
        ChatLead.objects.create(email="joe@gmail.com", consent=True)
    reply = ask(tenant_a, "Which are my best leads?", agent="assistant")
    assert reply.text.splitlines()[:2] == [
        "The most promising leads:",
        "- ana@podjetje.si: 60/100 (left an email address, uses a company email domain, asked about buying, prices or a quote, needs it soon)",
    ]


def test_description_draft_offline_in_slovenian_waits_for_approval(catalog, tenant_a, in_tenant):
    from assistant.models import AssistantAction
    from shop.models import Product

    reply = ask(tenant_a, "Napiši opis za Zelen pulover", agent="assistant")
    with in_tenant(tenant_a):
        action = AssistantAction.objects.get()
        assert Product.objects.get(external_id="HOOD-GRN").description == ""
    assert (action.action_type, action.status) == ("description_change", "suggested")
    assert "Predlog opisa za Zelen pulover" in reply.text
    assert "Zelen pulover iz naše ponudbe v kategoriji Puloverji." in reply.text


def test_description_draft_offline_in_english(catalog, tenant_a):
    reply = ask(tenant_a, "Write a description for Zelen pulover", agent="assistant")
    assert "Zelen pulover from our Puloverji range." in reply.text


def test_faq_generator_offline_in_slovenian_saves_drafts(catalog, tenant_a, in_tenant):
    from chatbot.models import FAQ
    from shop.services import company_info_update

    with in_tenant(tenant_a):
        company_info_update(contact={}, working_hours={}, policies={"returns": {"sl": "Vračilo v 14 dneh."}})
    reply = ask(tenant_a, "Predlagaj pogosta vprašanja", agent="assistant")
    assert (
        reply.text
        == "Pripravil sem 1 osnutkov pogostih vprašanj (objavite jih v /chat/faqs/):\n- Ali lahko izdelek vrnem?"
    )
    with in_tenant(tenant_a):
        assert list(FAQ.objects.values_list("answer", "status")) == [("Vračilo v 14 dneh.", "draft")]


def test_rfq_draft_quote_offline_in_english(catalog, tenant_a, in_tenant):
    from addons.services import rfq_create

    with in_tenant(tenant_a):
        rfq = rfq_create(
            details={"email": "buyer@firma.si", "items": [{"product": "Rdeča majica", "quantity": 10}]}
        )
    reply = ask(tenant_a, f"Draft a quote for RFQ {rfq.pk}", agent="assistant")
    with in_tenant(tenant_a):
        rfq.refresh_from_db()
        assert rfq.draft_action.payload["note"].splitlines()[1] == "- Rdeča majica × 10: 199.00 EUR"
    assert f"I drafted the quote for request {rfq.pk} as proposal {rfq.draft_action_id}" in reply.text


def test_tool_runs_in_the_context_tenant_only(catalog, tenant_b, in_tenant):
    from addons.models import StockNotification

    ask(tenant_b, "Obvestite me, ko bo Modra majica spet na zalogi: ana@example.com")
    with in_tenant(tenant_b):
        assert not StockNotification.objects.exists()  # beta sells no "Modra majica"
    with tenant_context(tenant_b):
        reply = ask(tenant_b, "Obvestite me, ko bo Kapa beta spet na zalogi: ana@example.com")
    assert "Kapa beta" in reply.text


def test_price_question_without_a_rule_is_left_to_the_catalog_tools(catalog, tenant_a):
    reply = ask(tenant_a, "Koliko stane reklamni transparent 120 x 80 cm, 2 kosa?")
    assert "price_quote" not in [call["name"] for call in reply.tool_calls]
    assert "30,00 €" in reply.text  # the list price, from product_details


def test_size_question_without_a_chart_does_not_call_the_advisor(catalog, tenant_a):
    reply = ask(tenant_a, "Katero velikost majice naj vzamem? Prsni obseg 98 cm.")
    assert "size_advice" not in [call["name"] for call in reply.tool_calls]


def test_size_advice_warns_when_the_product_lacks_the_size(shirt_chart, tenant_a):
    reply = ask(tenant_a, "Katero velikost naj vzamem za Modra majica? Prsni obseg 90 cm.")
    assert "priporočam velikost S. Modra majica je žal na voljo le v velikostih M, XL." in reply.text


def test_size_advice_for_a_category_word_names_no_single_product(shirt_chart, tenant_a):
    reply = ask(tenant_a, "Katero velikost majice naj vzamem? Prsni obseg 90 cm.")
    advice = next(call for call in reply.tool_calls if call["name"] == "size_advice")
    assert (advice["args"]["product"], "product_sizes" in advice["result"]) == ("", False)
