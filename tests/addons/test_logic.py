"""Pure add-on logic: price formulas, size advice, lead scoring, finder matching, drafts, intents."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from addons import drafting, finder, intents, lead_scoring, pricing, sizes

M2_RULE = pricing.validate_params(
    {
        "unit": "m2",
        "unit_price": "24.90",
        "minimum_charge": "30",
        "setup_fee": "5",
        "tiers": [{"min_quantity": 10, "discount_percent": 5}, {"min_quantity": 50, "discount_percent": 10}],
    }
)
CHART = sizes.validate_chart(
    {
        "unit": "cm",
        "sizes": [
            {"size": "S", "chest": [86, 94], "waist": [71, 79]},
            {"size": "M", "chest": [94, 102], "waist": [79, 87]},
            {"size": "L", "chest": [102, 110], "waist": [87, 95]},
        ],
    }
)


# --- pricing ---------------------------------------------------------------------------------
def test_price_per_m2_multiplies_area_by_unit_price_plus_setup():
    quote = pricing.quote(M2_RULE, quantity=2, width_cm=120, height_cm=80)
    # 1.2 m × 0.8 m = 0.96 m² each, 1.92 m² × 24.90 = 47.808 + 5 setup = 52.81
    assert (quote.area_m2, quote.billable_units, quote.total) == (
        Decimal("0.96"),
        Decimal("1.92"),
        Decimal("52.81"),
    )


def test_quantity_tier_discount_applies_from_its_quantity():
    quote = pricing.quote(M2_RULE, quantity=10, width_cm=100, height_cm=100)
    assert quote.discount_percent == Decimal("5")
    assert quote.total == Decimal("241.55")  # 10 m² × 24.90 × 0.95 + 5


def test_minimum_charge_lifts_a_small_order():
    quote = pricing.quote(M2_RULE, quantity=1, width_cm=30, height_cm=20)
    assert (quote.total, quote.minimum_applied) == (Decimal("30.00"), True)


def test_piece_rule_refuses_fewer_than_the_minimum_quantity():
    params = pricing.validate_params({"unit": "piece", "unit_price": "2.50", "min_quantity": 100})
    with pytest.raises(ValidationError) as exc:
        pricing.quote(params, quantity=20)
    assert "quantity" in exc.value.message_dict


def test_m2_rule_needs_dimensions():
    with pytest.raises(ValidationError) as exc:
        pricing.quote(M2_RULE, quantity=1)
    assert "width_cm" in exc.value.message_dict


def test_invalid_pricing_params_name_every_bad_field():
    with pytest.raises(ValidationError) as exc:
        pricing.validate_params(
            {"unit": "kg", "unit_price": "abc", "tiers": [{"min_quantity": 0, "discount_percent": 5}], "x": 1}
        )
    assert set(exc.value.message_dict) == {
        "params",
        "params.unit",
        "params.unit_price",
        "params.tiers[0].min_quantity",
    }


def test_pricing_params_must_be_an_object():
    with pytest.raises(ValidationError) as exc:
        pricing.validate_params(["unit_price", 3])
    assert "params" in exc.value.message_dict


# --- sizes -----------------------------------------------------------------------------------
def test_size_inside_every_range_is_recommended():
    advice = sizes.recommend(CHART, {"chest": 98, "waist": 82})
    assert (advice.size, advice.fits_all, advice.off_by) == ("M", True, {})


def test_between_sizes_the_larger_size_wins_a_tie():
    advice = sizes.recommend(CHART, {"chest": 102, "waist": 87})  # the border of M and L
    assert advice.size == "L"


def test_outside_the_chart_the_closest_size_is_given_with_the_gap():
    advice = sizes.recommend(CHART, {"chest": 114})
    assert (advice.size, advice.fits_all, advice.off_by) == ("L", False, {"chest": 4.0})


def test_measurements_the_chart_lacks_are_ignored():
    advice = sizes.recommend(CHART, {"foot": 27})
    assert (advice.size, advice.ignored) == (None, ["foot"])


def test_invalid_chart_names_the_bad_fields():
    with pytest.raises(ValidationError) as exc:
        sizes.validate_chart(
            {
                "sizes": [
                    {"size": "S", "chest": [94, 86]},
                    {"size": "s", "waist": [70, 80]},
                    {"size": "M", "elbow": [1, 2]},
                ]
            }
        )
    assert set(exc.value.message_dict) == {
        "chart.sizes[0].chest",
        "chart.sizes[1].size",
        "chart.sizes[2].elbow",
    }


def test_chart_without_sizes_is_refused():
    with pytest.raises(ValidationError) as exc:
        sizes.validate_chart({"unit": "inch", "sizes": []})
    assert set(exc.value.message_dict) == {"chart.unit", "chart.sizes"}


# --- lead scoring ----------------------------------------------------------------------------
def test_business_lead_asking_for_a_quote_scores_hot():
    score, reasons = lead_scoring.score_lead(
        lead_scoring.LeadFacts(
            email="ana@podjetje.si", phone="041 123 456", message="Rabimo ponudbo za 200 kos, nujno"
        )
    )
    assert reasons == ["email", "business_email", "phone", "buying_intent", "urgent", "bulk"]
    assert (score, lead_scoring.band(score)) == (90, "hot")


def test_free_mail_lead_without_intent_scores_cold():
    score, reasons = lead_scoring.score_lead(lead_scoring.LeadFacts(email="ana@gmail.com", message="Hello"))
    assert (score, reasons, lead_scoring.band(score)) == (15, ["email"], "cold")


# --- finder ----------------------------------------------------------------------------------
PRODUCTS = [
    {"id": 1, "name": "Red tee", "category": "Shirts", "attributes": {"color": ["red"], "material": "cotton"}, "price": "20", "in_stock": True},
    {"id": 2, "name": "Red wool", "category": "Sweaters", "attributes": {"color": ["red"], "material": "wool"}, "price": "60", "in_stock": True},
    {"id": 3, "name": "Blue tee", "category": "Shirts", "attributes": {"color": ["blue"], "material": "cotton"}, "price": "18", "in_stock": False},
]  # fmt: skip


def test_finder_questions_come_from_attributes_with_several_values():
    keys = [q["key"] for q in finder.questions(PRODUCTS)]
    assert keys == ["category", "color", "material"]


def test_finder_reads_answers_and_price_cap_from_text():
    answers = finder.answers_from_text("Something red in cotton, do 30 €", finder.questions(PRODUCTS))
    assert answers == {"color": "red", "material": "cotton", "max_price": "30"}


def test_finder_ranks_by_matched_answers_and_respects_the_cap():
    picks = finder.rank(PRODUCTS, {"color": "red", "material": "cotton", "max_price": "50"})
    assert [(p["id"], p["matched"]) for p in picks] == [(1, ["color", "material"]), (3, ["material"])]


def test_finder_answers_must_be_text():
    with pytest.raises(ValidationError) as exc:
        finder.validate_answers({"color": ["red"]})
    assert "answers.color" in exc.value.message_dict


# --- drafting --------------------------------------------------------------------------------
def test_description_draft_states_only_the_given_facts_in_slovenian():
    text = drafting.description_draft(
        name="Rdeča majica", category="Majice", attributes={"color": ["rdeča"], "size": ["S", "M"]}
    )
    assert text.startswith("Rdeča majica iz naše ponudbe v kategoriji Majice.")
    assert "Barve: rdeča; Velikosti: S, M." in text


def test_description_draft_in_english():
    text = drafting.description_draft(
        name="Red tee", category="Shirts", attributes={"material": "cotton"}, lang="en"
    )
    assert (
        text
        == "Red tee from our Shirts range. Details – Material: cotton. Questions about it? Ask us in the chat."
    )


def test_frequent_questions_need_two_conversations_and_keep_the_bot_answer():
    questions = [
        drafting.ChatQuestion("Ali dostavljate v Avstrijo?", "s1", "Da, v vso EU."),
        drafting.ChatQuestion("ali dostavljate v avstrijo", "s2"),
        drafting.ChatQuestion("Kdaj odprete trgovino?", "s1"),
    ]
    found = drafting.frequent_questions(questions, min_sessions=2)
    assert [(c.question, c.answer, c.count) for c in found] == [
        ("Ali dostavljate v Avstrijo?", "Da, v vso EU.", 2)
    ]


def test_policy_faqs_use_the_policy_text_of_the_language():
    found = drafting.policy_faqs({"returns": {"sl": "14 dni.", "en": "14 days."}}, lang="en")
    assert [(c.question, c.answer) for c in found] == [("Can I return a product?", "14 days.")]


# --- intents ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [("transparent 120 x 80 cm", ("120", "80")), ("1,2 m x 0,8 m", ("120", "80")), ("size M", None)],
)
def test_dimensions_in_text(text, expected):
    assert intents.dimensions_in(text) == expected


def test_measurements_in_slovenian_and_english():
    assert intents.measurements_in("prsni obseg 98 cm, pas 84") == {"chest": 98.0, "waist": 84.0}
    assert intents.measurements_in("my chest is 98 and waist 84 cm") == {"chest": 98.0, "waist": 84.0}


def test_order_reference_in_text():
    assert intents.order_ref_in("naročilo #A-1042 je prišlo pokvarjeno") == "A-1042"
    assert intents.order_ref_in("order number 55123 arrived broken") == "55123"
