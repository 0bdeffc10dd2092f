from chatbot.models import FAQ
from chatbot.selectors import faq_search


def _faq(question, answer, status=FAQ.Status.PUBLISHED, category=""):
    return FAQ.objects.create(question=question, answer=answer, status=status, category=category)


def test_faq_search_finds_published_faq_by_words(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        faq = _faq("How long does delivery take?", "Delivery takes 2-3 working days.", category="shipping")
        _faq("Do you offer gift cards?", "Yes, from 20 EUR.")
        hits = faq_search(query="how long is the delivery", limit=5)
    assert [h.id for h in hits][:1] == [faq.pk]
    assert hits[0].answer == "Delivery takes 2-3 working days."


def test_faq_search_tolerates_slovenian_inflection_and_diacritics(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        faq = _faq("Koliko časa traja dostava?", "Dostava traja 2 do 3 delovne dni.")
        hits = faq_search(query="kdaj pride dostave", limit=5)
    assert [h.id for h in hits] == [faq.pk]


def test_faq_search_never_returns_drafts_or_archived(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        _faq("Secret draft about returns", "Draft answer", status=FAQ.Status.DRAFT)
        _faq("Old returns policy", "Archived answer", status=FAQ.Status.ARCHIVED)
        hits = faq_search(query="returns policy")
    assert hits == []


def test_faq_search_ignores_function_words_only(tenant_a, in_tenant):
    with in_tenant(tenant_a):
        _faq("What is the warranty?", "Two years.")
        assert faq_search(query="what is the") == []


def test_faq_search_is_per_tenant(tenant_a, tenant_b, in_tenant):
    with in_tenant(tenant_a):
        _faq("Do you ship to Croatia?", "Yes, shipping to Croatia costs 9 EUR.")
    with in_tenant(tenant_b):
        assert faq_search(query="ship to Croatia") == []


def test_demo_faq_seed_is_idempotent_and_published(tenant_a, in_tenant):
    from chatbot.demo import DEMO_FAQS, demo_faqs_seed

    with in_tenant(tenant_a):
        assert demo_faqs_seed() == len(DEMO_FAQS)
        assert demo_faqs_seed() == 0
        assert faq_search(query="return a product")[0].answer.startswith("Yes, within 14 days")
