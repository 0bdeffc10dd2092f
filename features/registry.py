"""Every agent and add-on the product knows, the tiers that include them, and config schemas.

`FEATURES[(agent, feature)]` is the single list: the admin, the API, the dashboard and the LLM
tool registry all read it. A feature's `config` JSON is validated against its JSON Schema.
"""

from dataclasses import dataclass, field

AGENTS = ("chatbot", "assistant", "booking", "email")
TIERS = ("free", "starter", "pro", "enterprise")

# Monthly token quota per tier (all agents together); None = unlimited.
TIER_MONTHLY_TOKENS: dict[str, int | None] = {
    "free": 200_000,
    "starter": 2_000_000,
    "pro": 10_000_000,
    "enterprise": None,
}

_MODEL_PROPS = {
    "model": {"type": "string", "maxLength": 200},
    "base_url": {"type": "string", "maxLength": 500},
    "api_key": {"type": "string", "maxLength": 500},
    "temperature": {"type": "number", "minimum": 0, "maximum": 2},
    "persona": {"type": "string", "maxLength": 4000},
}


@dataclass(frozen=True)
class Feature:
    agent: str
    name: str
    label: str
    description: str
    tiers: tuple[str, ...]
    config_schema: dict = field(default_factory=lambda: {"type": "object"})

    @property
    def key(self) -> tuple[str, str]:
        return (self.agent, self.name)


def _schema(properties: dict) -> dict:
    return {"type": "object", "properties": properties, "additionalProperties": False}


_ALL = TIERS
_STARTER_UP = ("starter", "pro", "enterprise")
_PRO_UP = ("pro", "enterprise")

FEATURE_LIST = [
    Feature(
        "chatbot",
        "core",
        "Chatbot",
        "Shopper chat widget answering from the catalog, FAQs, hours and policies.",
        _ALL,
        _schema(
            {
                **_MODEL_PROPS,
                "title": {"type": "string", "maxLength": 80},
                "greeting": {"type": "string", "maxLength": 500},
                "primary_color": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
                "position": {"enum": ["bottom-right", "bottom-left"]},
                "allowed_origins": {"type": "array", "items": {"type": "string", "maxLength": 200}},
                "retention_days": {"type": "integer", "minimum": 1, "maximum": 3650},
                "lead_email": {"type": "string", "maxLength": 254},
            }
        ),
    ),
    Feature(
        "chatbot",
        "support_tickets",
        "Complaints & returns",
        "Shoppers file complaints and warranty claims.",
        _PRO_UP,
    ),
    Feature(
        "chatbot",
        "price_calculator",
        "Price calculator",
        "Quotes from pricing rules (per m², quantity tiers).",
        _PRO_UP,
    ),
    Feature(
        "chatbot", "size_advisor", "Size advisor", "Recommends a size from body measurements.", _STARTER_UP
    ),
    Feature(
        "chatbot",
        "stock_alerts",
        "Back-in-stock alerts",
        "Shoppers ask to be told when a product is back.",
        _STARTER_UP,
    ),
    Feature(
        "chatbot", "product_finder", "Product finder", "A guided quiz that recommends products.", _PRO_UP
    ),
    Feature(
        "chatbot",
        "faq_generator",
        "FAQ generator",
        "Drafts FAQs from chat transcripts and shop data.",
        _PRO_UP,
    ),
    Feature(
        "assistant",
        "core",
        "Owner assistant",
        "Answers from daily analytics and proposes actions for approval.",
        _STARTER_UP,
        _schema(_MODEL_PROPS),
    ),
    Feature("assistant", "lead_qualifier", "Lead qualifier", "Scores chat leads.", _PRO_UP),
    Feature(
        "assistant",
        "b2b_rfq",
        "B2B requests for quotation",
        "Collects RFQs and drafts quotes.",
        ("enterprise",),
    ),
    Feature(
        "assistant",
        "description_generator",
        "Description generator",
        "Writes product descriptions for review.",
        _PRO_UP,
    ),
    Feature(
        "booking",
        "core",
        "Booking",
        "Services, staff, availability and bookings.",
        _STARTER_UP,
        _schema(
            {
                "timezone": {"type": "string", "maxLength": 64},
                "notify_email": {"type": "string", "maxLength": 254},
            }
        ),
    ),
    Feature(
        "email",
        "core",
        "Email agent",
        "Drafts campaigns for approval and sends them through Sendy.",
        _PRO_UP,
        _schema(
            {
                **_MODEL_PROPS,
                "sendy_url": {"type": "string", "maxLength": 500},
                "sendy_api_key": {"type": "string", "maxLength": 500},
                "brand_id": {"type": "string", "maxLength": 20},
                "list_ids": {"type": "array", "items": {"type": "string", "maxLength": 100}},
                "from_name": {"type": "string", "maxLength": 200},
                "from_email": {"type": "string", "maxLength": 254},
                "reply_to": {"type": "string", "maxLength": 254},
            }
        ),
    ),
]

FEATURES: dict[tuple[str, str], Feature] = {f.key: f for f in FEATURE_LIST}

# Config keys stored encrypted at rest (see accounts.crypto).
SECRET_CONFIG_KEYS = {"api_key", "sendy_api_key"}


def get_feature(agent: str, feature: str) -> Feature | None:
    return FEATURES.get((agent, feature))
