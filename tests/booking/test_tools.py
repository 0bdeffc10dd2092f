"""Chatbot booking tools: parsing, hooks, the two-step confirmation, and end to end through agent_reply."""

from datetime import date
from types import SimpleNamespace

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from booking import chat_parse
from booking.models import Booking
from booking.tools import BookOffline, booking_book, booking_find_slots, booking_services
from llm.context import AgentContext

TODAY = date(2026, 11, 25)  # a Wednesday


def test_parse_relative_and_absolute_days():
    assert chat_parse.parse_day("jutri", TODAY) == date(2026, 11, 26)
    assert chat_parse.parse_day("tomorrow please", TODAY) == date(2026, 11, 26)
    assert chat_parse.parse_day("v petek", TODAY) == date(2026, 11, 27)
    assert chat_parse.parse_day("on Wednesday", TODAY) == date(2026, 12, 2)
    assert chat_parse.parse_day("3. 12.", TODAY) == date(2026, 12, 3)
    assert chat_parse.parse_day("2. 1.", TODAY) == date(2027, 1, 2)
    assert chat_parse.parse_day("2026-12-24", TODAY) == date(2026, 12, 24)
    assert chat_parse.parse_day("31. 2.", TODAY) is None


def test_parse_times_but_not_dates_or_phones():
    assert chat_parse.parse_time("ob 10") == "10:00"
    assert chat_parse.parse_time("at 2 pm") == "14:00"
    assert chat_parse.parse_time("3. 12. ob 14.30") == "14:30"
    assert chat_parse.parse_time("tel 040 123 456") is None
    assert chat_parse.parse_time("2 osebi") is None


def test_parse_contact_and_name():
    text = "Rezerviraj ob 10:00, Ana Novak, ana.novak@example.com, 040 123 456"
    assert chat_parse.parse_email(text) == "ana.novak@example.com"
    assert chat_parse.parse_phone(text) == "040123456"
    assert chat_parse.parse_name(text) == "Ana Novak"
    assert chat_parse.parse_name("my name is John Smith") == "John Smith"


def test_yes_words():
    assert chat_parse.is_yes("Da") and chat_parse.is_yes("yes please") and chat_parse.is_yes("potrjujem!")
    assert not chat_parse.is_yes("da bi rad termin v petek") and not chat_parse.is_yes("no")


def test_yes_without_a_pending_question_is_not_a_booking():
    turn = SimpleNamespace(history=[HumanMessage("hello"), AIMessage("Hi! How can I help?")], context=None)
    assert BookOffline().match("yes", "en", turn) is None


def test_yes_after_the_confirmation_question_confirms():
    question = AIMessage("Please check the booking: … Reply “yes” to confirm.")
    turn = SimpleNamespace(
        history=[HumanMessage("Book me at 10"), question, HumanMessage("yes")], context=None
    )
    assert BookOffline().match("yes", "en", turn) == {"confirm": True, "_score": 0.95}


def test_hooks_stay_silent_in_a_shop_without_services(tenant_a, in_tenant):
    from booking.tools import FindSlotsOffline, ServicesOffline

    turn = SimpleNamespace(history=[], context=None)
    with in_tenant(tenant_a):
        assert ServicesOffline().match("Katere storitve ponujate?", "sl", turn) is None
        assert FindSlotsOffline().match("Imate prost termin jutri?", "sl", turn) is None
        assert BookOffline().match("Book me at 10:00, Ana Novak, ana@example.com", "en", turn) is None


def test_product_and_order_questions_are_not_booking(setup_a):
    from booking.tools import FindSlotsOffline, ServicesOffline

    turn = SimpleNamespace(history=[], context=None)
    assert FindSlotsOffline().match("Kje je moje naročilo?", "sl", turn) is None
    assert FindSlotsOffline().match("Is the blue shirt available?", "en", turn) is None
    assert ServicesOffline().match("How do I reach customer service?", "en", turn) is None
    assert FindSlotsOffline().match("Is a Haircut available tomorrow?", "en", turn)["_score"] == 0.65


def runtime(account, session_id="chat-1", messages=()):
    context = AgentContext(
        account_id=account.pk,
        schema_name=account.schema_name,
        agent="chatbot",
        session_id=session_id,
        language="en",
    )
    return SimpleNamespace(context=context, state={"messages": list(messages)})


def propose(account, setup, rt):
    return booking_book.func(
        service="Haircut", day=setup.day.isoformat(), time="10:00", customer_name="Ana Novak",
        customer_email="ana@example.com", runtime=rt,
    )  # fmt: skip


def test_services_tool_lists_bookable_services(setup_a, tenant_a):
    result = booking_services.func(runtime=runtime(tenant_a))
    assert result == {
        "services": [
            {
                "id": setup_a.service.pk,
                "name": "Haircut",
                "duration_min": 60,
                "price": "25.00",
                "description": "",
            }
        ]
    }


def test_find_slots_tool_returns_local_times(setup_a, tenant_a):
    result = booking_find_slots.func(
        service="haircut", day=setup_a.day.isoformat(), runtime=runtime(tenant_a)
    )
    assert [s["time"] for s in result["slots"]][:3] == ["08:00", "09:00", "10:00"]
    assert result["slots"][0]["start"] == setup_a.at(8).isoformat()


def test_confirm_on_the_first_mention_books_nothing(setup_a, tenant_a):
    rt = runtime(tenant_a, messages=[HumanMessage("Book Haircut at 10:00, Ana Novak, ana@example.com")])
    assert booking_book.func(confirm=True, runtime=rt) == {"status": "no_proposal"}
    assert propose(tenant_a, setup_a, rt)["status"] == "confirm"
    # Same turn (no newer shopper message): a model that confirms right away is refused.
    assert booking_book.func(confirm=True, runtime=rt) == {"status": "needs_confirmation"}
    assert Booking.objects.count() == 0


def test_a_newer_message_that_is_not_yes_does_not_confirm(setup_a, tenant_a):
    first = [HumanMessage("Book Haircut at 10:00, Ana Novak, ana@example.com")]
    propose(tenant_a, setup_a, runtime(tenant_a, messages=first))
    later = runtime(tenant_a, messages=[*first, AIMessage("Reply “yes”"), HumanMessage("hmm, maybe later")])
    assert booking_book.func(confirm=True, runtime=later)["status"] == "needs_confirmation"
    assert Booking.objects.count() == 0


def test_yes_in_a_later_turn_books_once_with_source_chatbot(setup_a, tenant_a):
    first = [HumanMessage("Book Haircut at 10:00, Ana Novak, ana@example.com")]
    propose(tenant_a, setup_a, runtime(tenant_a, messages=first))
    later = runtime(tenant_a, messages=[*first, AIMessage("Reply “yes”"), HumanMessage("yes")])
    result = booking_book.func(confirm=True, runtime=later)
    assert result["status"] == "booked" and result["time"] == "10:00"
    assert booking_book.func(confirm=True, runtime=later) == {"status": "no_proposal"}
    booking = Booking.objects.get()
    assert booking.source == "chatbot" and booking.slot_from == setup_a.at(10)
    assert booking.customer_email == "ana@example.com"


def test_proposal_without_contact_asks_for_it(setup_a, tenant_a):
    result = booking_book.func(
        service="Haircut",
        day=setup_a.day.isoformat(),
        time="10:00",
        customer_name="Ana",
        runtime=runtime(tenant_a),
    )
    assert result["status"] == "missing" and result["missing"] == ["contact"]


def test_proposal_for_a_taken_time_offers_alternatives(setup_a, tenant_a):
    from booking.services import booking_create

    for member in setup_a.staff:
        booking_create(
            service=setup_a.service, staff=member, start=setup_a.at(10), customer_name="X", source="web"
        )
    result = propose(tenant_a, setup_a, runtime(tenant_a))
    assert result["status"] == "unavailable" and "11:00" in [a["time"] for a in result["alternatives"]]


def test_chat_without_session_cannot_book(setup_a, tenant_a):
    assert propose(tenant_a, setup_a, runtime(tenant_a, session_id=None)) == {"status": "no_session"}


def test_proposal_of_tenant_a_cannot_be_confirmed_in_tenant_b(setup_a, tenant_a, tenant_b, in_tenant):
    from tests.booking.conftest import make_setup

    first = [HumanMessage("Book Haircut at 10:00, Ana Novak, ana@example.com")]
    with in_tenant(tenant_a):
        propose(tenant_a, setup_a, runtime(tenant_a, messages=first))
    with in_tenant(tenant_b):
        make_setup()
        later = runtime(tenant_b, messages=[*first, AIMessage("Reply “yes”"), HumanMessage("yes")])
        assert booking_book.func(confirm=True, runtime=later) == {"status": "no_proposal"}
        assert Booking.objects.count() == 0


def test_booking_tools_are_absent_when_booking_is_off(tenant_a):
    from features.services import feature_set
    from llm.registry import tools_for

    names = {entry.name for entry in tools_for(tenant_a, "chatbot")}
    assert {"booking_services", "booking_find_slots", "booking_book"} <= names
    feature_set(account=tenant_a, agent="booking", feature="core", enabled=False)
    names = {entry.name for entry in tools_for(tenant_a, "chatbot")}
    assert not names & {"booking_services", "booking_find_slots", "booking_book"}


@pytest.fixture
def chat(tenant_a):
    from llm.runtime import agent_reply

    history: list[dict] = []

    def say(text: str):
        history.append({"role": "user", "content": text})
        context = AgentContext(
            account_id=tenant_a.pk, schema_name=tenant_a.schema_name, agent="chatbot", session_id="widget-42"
        )
        reply = agent_reply(account=tenant_a, context=context, history=list(history))
        history.append({"role": "assistant", "content": reply.text})
        return reply

    return say


def test_chatbot_finds_slots_then_books_only_after_yes(setup_a, chat, in_tenant, tenant_a):
    day = setup_a.day
    found = chat(f"Which times are free for a Haircut on {day.isoformat()}?")
    assert [c["name"] for c in found.tool_calls] == ["booking_find_slots"]
    assert "10:00" in found.text
    proposal = chat("Book me at 10:00, Ana Novak, ana@example.com")
    assert [c["name"] for c in proposal.tool_calls] == ["booking_book"]
    assert "Reply “yes”" in proposal.text
    with in_tenant(tenant_a):
        assert Booking.objects.count() == 0
    booked = chat("yes")
    assert booked.tool_calls[0]["result"]["status"] == "booked"
    assert "Booked" in booked.text
    with in_tenant(tenant_a):
        booking = Booking.objects.get()
    assert booking.source == "chatbot" and booking.slot_from == setup_a.at(10)


def test_chatbot_in_slovenian_lists_services(setup_a, chat):
    reply = chat("Katere storitve ponujate?")
    assert [c["name"] for c in reply.tool_calls] == ["booking_services"]
    assert "Haircut" in reply.text and "25,00 €" in reply.text


def test_chatbot_books_in_slovenian_after_da(setup_a, chat, in_tenant, tenant_a):
    day = setup_a.day
    found = chat(f"Ali imate prost termin za Haircut {day.day}. {day.month}. {day.year}?")
    assert [c["name"] for c in found.tool_calls] == ["booking_find_slots"]
    assert "Prosti termini" in found.text and "11:00" in found.text
    proposal = chat("Rezerviraj ob 11:00, Ana Novak, ana@example.com")
    assert "Odgovorite »da«" in proposal.text
    booked = chat("da")
    assert "Rezervirano" in booked.text
    with in_tenant(tenant_a):
        booking = Booking.objects.get()
    assert booking.source == "chatbot" and booking.slot_from == setup_a.at(11) and booking.language == "sl"
