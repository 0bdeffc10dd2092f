"""Demo FAQs for the demo shop (idempotent: only when the shop has no FAQs yet)."""

from chatbot.models import FAQ

DEMO_FAQS = [
    (
        "Koliko časa traja dostava?",
        "Naročila odpošljemo v 1 delovnem dnevu, dostava traja 2–3 delovne dni.",
        "dostava",
    ),
    (
        "How long does delivery take?",
        "We ship within 1 working day; delivery takes 2–3 working days.",
        "shipping",
    ),
    ("Ali lahko izdelek vrnem?", "Da, v 14 dneh od prejema brez navedbe razloga.", "vračila"),
    ("Can I return a product?", "Yes, within 14 days of delivery, no reason needed.", "returns"),
    ("Ali izdelke zavijete kot darilo?", "Da, darilno zavijanje stane 2 EUR.", "naročila"),
    ("Do you gift wrap?", "Yes, gift wrapping costs 2 EUR.", "orders"),
]


def demo_faqs_seed() -> int:
    """Run inside the demo tenant's schema. Returns how many FAQs were created."""
    if FAQ.objects.exists():
        return 0
    for question, answer, category in DEMO_FAQS:
        FAQ(question=question, answer=answer, category=category, status=FAQ.Status.PUBLISHED).save()
    return len(DEMO_FAQS)
