"""Registry labels and descriptions as literals, so makemessages puts them in the catalog.

The registry keeps plain strings (it is read by code, the admin and the LLM tool registry); pages
translate them at render time (`{% trans feature.label %}`, `gettext(feature.description)`). A test
keeps this list equal to the registry."""

from django.utils.translation import gettext_noop

LABELS = [
    gettext_noop("Chatbot"),
    gettext_noop("Shopper chat widget answering from the catalog, FAQs, hours and policies."),
    gettext_noop("Complaints & returns"),
    gettext_noop("Shoppers file complaints and warranty claims."),
    gettext_noop("Price calculator"),
    gettext_noop("Quotes from pricing rules (per m², quantity tiers)."),
    gettext_noop("Size advisor"),
    gettext_noop("Recommends a size from body measurements."),
    gettext_noop("Back-in-stock alerts"),
    gettext_noop("Shoppers ask to be told when a product is back."),
    gettext_noop("Product finder"),
    gettext_noop("A guided quiz that recommends products."),
    gettext_noop("FAQ generator"),
    gettext_noop("Drafts FAQs from chat transcripts and shop data."),
    gettext_noop("Owner assistant"),
    gettext_noop("Answers from daily analytics and proposes actions for approval."),
    gettext_noop("Lead qualifier"),
    gettext_noop("Scores chat leads."),
    gettext_noop("B2B requests for quotation"),
    gettext_noop("Collects RFQs and drafts quotes."),
    gettext_noop("Description generator"),
    gettext_noop("Writes product descriptions for review."),
    gettext_noop("Booking"),
    gettext_noop("Services, staff, availability and bookings."),
    gettext_noop("Email agent"),
    gettext_noop("Drafts campaigns for approval and sends them through Sendy."),
]
