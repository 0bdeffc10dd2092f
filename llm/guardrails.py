"""Pure guardrail rules (no ORM): prompt-injection and out-of-scope requests, and the fixed
sl/en phrases the runtime answers with.

Agent-facing phrases are chosen by the *message's* detected language, not the request locale,
so they are plain {lang: text} tables rather than gettext catalogues.
"""

import re

from shop.search import normalize

# Each pattern runs on the normalised (lower-case, diacritics-free) message.
_INJECTION_PATTERNS = [
    # "ignore your/all/previous instructions", "forget the rules", "pozabi navodila"
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instruction|instructions|rules|prompt|guidelines)\b",
    r"\b(ignoriraj|pozabi|prezri|preskoci)\b.{0,40}\b(navodil\w*|pravil\w*|ukaz\w*|prompt\w*)",
    # "print/show/reveal your system prompt", "izpiši sistemsko sporočilo"
    r"\b(system|developer|hidden|initial)\s+(prompt|message|instructions)\b",
    r"\b(sistemsk\w*|skrit\w*|zacetn\w*)\s+(poziv\w*|sporocil\w*|navodil\w*|prompt\w*)",
    r"\byour (instructions|prompt)\b",
    r"\btvoj\w* (navodil\w*|prompt\w*)",
    r"\b(you are now|pretend to be|pretend you|jailbreak|developer mode|dan mode)\b",
    r"\b(zdaj si|pretvarjaj se|igraj vlogo)\b",
    r"\b(print|show|reveal|repeat|output|tell me)\b.{0,25}\b(your|the|hidden)\s+(instructions|prompt|rules)\b",
    r"\b(izpisi|pokazi|povej|razkrij|ponovi)\w*\b.{0,25}\b(navodil\w*|prompt\w*|sistemsk\w*)",
]
_DISCOUNT_PATTERNS = [
    r"\b\d{1,3}\s*%\s*(discount|off|popust\w*)",
    r"\b(give|grant|apply)\s+(me|us)\b.{0,25}\b(discount|coupon|for free)\b",
    r"\b(daj|dajte|podari|podarite|odobri|odobrite)\s+(mi|nam)\b.{0,25}(popust|kupon|zastonj|brezplacn)",
    r"\b(change|set|lower)\s+(the\s+|your\s+)?prices?\b",
    r"\b(spremeni|nastavi|znizaj)\w*\s+cen\w*",
]
_OTHER_TENANT_PATTERNS = [
    r"\b(another|other|different|competitor'?s?)\s+(shop|store|account|tenant|company)('s|s'|s)?\b",
    r"\b(drug\w*|tuj\w*|konkurenc\w*)\s+(trgovin\w*|racun\w*|kupc\w*|strank\w*|podjetj\w*)",
    r"\b(schema|tenant|account_id|sql|database|select \*)\b",
    r"\b(api key|api_key|password|credentials|gesl\w*)\b",
]

# A shopper asking for every order or customer wants other people's data; the shop owner asking
# the assistant for "all orders last week" asks about their own shop, so these apply to shoppers only.
_SHOPPER_BULK_PATTERNS = [
    r"\b(all|every|other)\s+(\w+\s+)?(orders|customers|users|emails|passwords)\b",
    r"\b(vsa|vse|vsi|tuja|tuje)\s+(\w+\s+)?(narocil\w*|kupc\w*|uporabnik\w*|gesl\w*)",
]
OWNER_AGENTS = frozenset({"assistant", "email"})

_COMPILED = {
    "injection": [re.compile(p) for p in _INJECTION_PATTERNS],
    "discount": [re.compile(p) for p in _DISCOUNT_PATTERNS],
    "other_tenant": [re.compile(p) for p in _OTHER_TENANT_PATTERNS],
    "shopper_bulk": [re.compile(p) for p in _SHOPPER_BULK_PATTERNS],
}


def classify_attack(text: str, agent: str = "chatbot") -> str | None:
    """The kind of guardrail a message trips ("injection", "discount", "other_tenant") or None."""
    plain = normalize(text)
    if agent not in OWNER_AGENTS and any(pattern.search(plain) for pattern in _COMPILED["shopper_bulk"]):
        return "other_tenant"
    for kind in ("other_tenant", "discount", "injection"):
        if any(pattern.search(plain) for pattern in _COMPILED[kind]):
            return kind
    return None


PHRASES: dict[str, dict[str, str]] = {
    "injection": {
        "sl": "Tega žal ne morem narediti – moja navodila ostajajo enaka. Z veseljem pa vam pomagam "
        "pri izdelkih, cenah, zalogi, dostavi ali odpiralnem času trgovine.",
        "en": "Sorry, I can't do that – my instructions stay as they are. I'm happy to help with "
        "products, prices, stock, delivery or the shop's opening hours.",
    },
    "discount": {
        "sl": "Popustov ali sprememb cen žal ne morem odobriti; veljajo cene, objavljene v trgovini. "
        "Lahko pa preverim ceno ali zalogo izdelka, ki vas zanima.",
        "en": "I'm not able to grant discounts or change prices; the prices published in the shop "
        "apply. I can check the price or stock of a product you're interested in.",
    },
    "other_tenant": {
        "sl": "Do podatkov drugih trgovin, naročil ali uporabnikov nimam dostopa in jih ne morem "
        "deliti. Pomagam lahko z vprašanji o tej trgovini in njeni ponudbi.",
        "en": "I have no access to other shops', orders' or users' data and can't share it. I can "
        "help with questions about this shop and what it offers.",
    },
    "greeting": {
        "sl": "Pozdravljeni! Sem virtualni pomočnik trgovine {shop}. Vprašajte me o izdelkih, cenah, "
        "zalogi, dostavi ali odpiralnem času.",
        "en": "Hello! I'm the virtual assistant of {shop}. Ask me about products, prices, stock, "
        "delivery or opening hours.",
    },
    "thanks": {
        "sl": "Ni za kaj! Če vas zanima še kaj, kar vprašajte.",
        "en": "You're welcome! If there's anything else, just ask.",
    },
    "goodbye": {
        "sl": "Hvala za obisk in lep pozdrav!",
        "en": "Thanks for stopping by – goodbye!",
    },
    "dont_know": {
        "sl": "Na to vprašanje žal nimam zanesljivega odgovora. Če želite, mi pustite svoj e-naslov "
        "ali telefonsko številko in nekdo iz trgovine vam bo odgovoril.",
        "en": "Sorry, I don't have a reliable answer to that. If you like, leave your email address "
        "or phone number and someone from the shop will get back to you.",
    },
    "dont_know_owner": {
        "sl": "Na to žal ne znam odgovoriti iz podatkov trgovine. Vprašajte me npr. o prodaji v "
        "obdobju, najbolje prodajanih izdelkih, zalogi, rezervacijah ali povpraševanjih.",
        "en": "I can't answer that from the shop's data. Ask me, for example, about sales in a "
        "period, best-selling products, stock, bookings or leads.",
    },
    "tool_failed": {
        "sl": "Tega trenutno žal ne morem preveriti. Poskusite znova čez trenutek ali nam pustite "
        "svoj kontakt.",
        "en": "I can't check that right now. Please try again in a moment or leave us your contact.",
    },
    "over_quota": {
        "sl": "Klepetalnik je ta mesec dosegel dogovorjeno število odgovorov, zato trenutno ne more "
        "odgovarjati. Prosimo, pišite trgovini neposredno – hvala za razumevanje.",
        "en": "This shop's assistant has used up its monthly allowance and can't answer right now. "
        "Please contact the shop directly – thank you for understanding.",
    },
    "ungrounded": {
        "sl": "Za točno ceno ali zalogo naj najprej preverim podatke trgovine – vprašajte me prosim "
        "po konkretnem izdelku.",
        "en": "For an exact price or stock figure I need to check the shop's data first – please "
        "ask me about a specific product.",
    },
}


def phrase(key: str, lang: str, **values) -> str:
    table = PHRASES[key]
    text = table.get(lang) or table["sl"]
    return text.format(**values) if values else text


_GREETING = re.compile(
    r"^\s*(hi|hello|hey|good (morning|afternoon|evening|day)|zdravo|zivjo|pozdravljen\w*|dober dan|"
    r"dobro jutro|dober vecer|lep pozdrav|hej|ojla|halo)\b[\s!.,?]*(there|team|ekipa)?[\s!.,?]*$"
)
_THANKS = re.compile(
    r"^\s*(thanks?|thank you|thx|ty|hvala|najlepsa hvala|hvala lepa|super,? hvala|ok,? hvala|"
    r"ok,? thanks?|great,? thanks?|perfect,? thanks?)\b[\s\w!.,]{0,20}$"
)
_GOODBYE = re.compile(r"^\s*(bye|goodbye|see you|adijo|nasvidenje|na svidenje|lep dan|ciao)\b[\s!.,]*$")


def small_talk(text: str) -> str | None:
    """'greeting', 'thanks', 'goodbye' for a message that is only that, else None."""
    plain = normalize(text)
    if _GREETING.match(plain):
        return "greeting"
    if _THANKS.match(plain):
        return "thanks"
    if _GOODBYE.match(plain):
        return "goodbye"
    return None
