"""Pure reading of shopper messages (no ORM), shared by the offline hooks of shop tools.

It finds what a rule-based engine can find reliably — colours, sizes, price limits, "on sale",
"in stock", product codes and the topic words of hours/contact/policies — and leaves the
remaining content words as the product search query. Works on normalised text (lower case, no
diacritics), Slovenian and English alike.
"""

import re
from dataclasses import dataclass, field

from shop.search import normalize

_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*")

# Colour adjectives: Slovenian stems take the usual adjective endings (rdeča, rdečo, rdečih ...).
_SL_COLOR_STEMS = {
    "rdec": "red",
    "modr": "blue",
    "crn": "black",
    "bel": "white",
    "zelen": "green",
    "rumen": "yellow",
    "siv": "grey",
    "rjav": "brown",
    "oranzn": "orange",
    "vijolicn": "purple",
}
_SL_ENDINGS = ("", "a", "e", "i", "o", "ih", "im", "imi", "em", "ega", "emu")
COLOR_WORDS: dict[str, str] = {
    stem + ending: color for stem, color in _SL_COLOR_STEMS.items() for ending in _SL_ENDINGS
}
COLOR_WORDS |= {"moder": "blue", "oranzen": "orange", "bez": "beige", "roza": "pink", "vijolicen": "purple"}
COLOR_WORDS |= {c: c for c in ("red", "blue", "black", "white", "green", "yellow", "grey", "navy", "brown")}
COLOR_WORDS |= {"beige": "beige", "pink": "pink", "orange": "orange", "purple": "purple", "gray": "grey"}
COLOR_WORDS.pop("bel", None)  # too close to "belt"; "bela/beli/belo" still count

LETTER_SIZES = ("xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl", "3xl")
_SIZE_CUE = r"(?:velikost\w*|size|sizes|stevilk\w*|st\.|cevlj\w* st\w*)"
_SIZE_AFTER_CUE = re.compile(rf"\b{_SIZE_CUE}\s*:?\s*(x{{0,3}}[sml]|3xl|\d{{2,3}}(?:-\d{{2,3}})?)\b")
_UPPER_SIZE = re.compile(r"(?<![\w-])(XXS|XS|S|M|L|XL|XXL|XXXL|3XL)(?![\w-])")

_MONEY = r"(\d+(?:[.,]\d{1,2})?)\s*(?:€|eur\w*|evr\w*)?"
_MAX_PRICE = re.compile(
    rf"\b(?:pod|do|manj kot|cenejs\w* od|under|below|less than|cheaper than|up to|max\.?|najvec)\s*€?\s*{_MONEY}"
)
_MIN_PRICE = re.compile(rf"\b(?:nad|vec kot|drazj\w* od|over|above|more than|at least|vsaj)\s*€?\s*{_MONEY}")

SALE_WORDS = {"akcija", "akciji", "akcijo", "akcijske", "akcijski", "znizan", "znizane", "znizani", "znizano"}
SALE_WORDS |= {"razprodaja", "razprodaji", "popustom", "popustu", "sale", "discounted", "discounts", "offers"}
STOCK_WORDS = {"zaloga", "zalogi", "zalogo", "stock", "available", "availability", "voljo", "dobavljiv"}
PRICE_WORDS = {"cena", "ceno", "cene", "stane", "stanejo", "stala", "koliko", "price", "prices", "cost"}
PRICE_WORDS |= {"costs", "much", "cenovno", "drago", "poceni", "cheap", "expensive"}
SHOPPING_WORDS = {"imate", "imas", "prodajate", "iscem", "zanima", "ponujate", "priporocite", "kupiti"}
SHOPPING_WORDS |= {"have", "sell", "looking", "want", "need", "recommend", "buy", "find", "carry", "offer"}
SHOPPING_WORDS |= {"izdelek", "izdelke", "izdelki", "product", "products", "items", "kaj", "what"}

TOPIC_WORDS: dict[str, set[str]] = {
    "open_now": {"odprti", "odprto", "odprta", "zaprti", "zaprto", "open", "closed", "zdaj", "trenutno"},
    "hours": {"ure", "uri", "urnik", "odpiralni", "delovni", "delovnik", "cas", "hours", "opening", "odprti"},
    "contact": {"kontakt", "kontaktirati", "telefon", "telefonska", "email", "mail", "naslov"},
    "shipping": {
        "dostava",
        "dostavo",
        "dostave",
        "posiljanje",
        "postnina",
        "postnino",
        "shipping",
        "delivery",
    },
    "returns": {
        "vracilo",
        "vracila",
        "vrnitev",
        "vrniti",
        "vrnem",
        "zamenjava",
        "return",
        "returns",
        "refund",
    },
    "payment": {"placilo", "placila", "placam", "placati", "kartico", "paypal", "povzetju", "payment", "pay"},
    "warranty": {"garancija", "garancijo", "garancije", "jamstvo", "warranty", "guarantee"},
}
TOPIC_WORDS["contact"] |= {"phone", "address", "contact", "reach", "call", "e-mail", "e-posta", "e-posto"}
TOPIC_WORDS["contact"] |= {"nahajate", "lokacija", "located", "location", "where", "kje"}
TOPIC_WORDS["hours"] |= {"when", "kdaj", "sobota", "soboto", "nedelja", "nedeljo", "saturday", "sunday"}
TOPIC_WORDS["shipping"] |= {"ship", "posljete", "posiljate", "dostavljate", "deliver", "prevzem", "pickup"}

STOP_WORDS = frozenset(
    """
    a ali and any are as at be do does did for from have has i imate imam in is it je ki me mi my na o od
    pa po prosim se so the to v vas vam with z za zelim iscem kaj kje kako kdaj this that these those
    you your we our us there their me can could would will should shall tudi se ne da sem smo ste si
    katera kateri katero katere kaksna kaksen kaksne kaksno which what who how much many koliko
    please thanks hvala zanima bi lahko rad rada of an on or not no yes jih ga jo ju jim nam tega teh
    vse vsi nekaj kakšen some something anything all is are was get got tell show pokazite povejte
    izdelek izdelke izdelki product products item items stvar stvari
    """.split()
)
_INTENT_ONLY = STOCK_WORDS | PRICE_WORDS | SHOPPING_WORDS | SALE_WORDS
_INTENT_ONLY |= {"velikost", "velikosti", "velikostih", "size", "sizes", "barva", "barve", "barvi", "colour"}
_INTENT_ONLY |= {"color", "colors", "colours", "eur", "evrov", "evra", "euro", "euros", "pod", "under"}
_INTENT_ONLY |= {"below", "nad", "over", "cheaper", "than", "kot", "manj", "vec", "sell", "stocked", "still"}
_INTENT_ONLY |= {"kosov", "kos", "pieces", "left", "se", "sedaj", "trenutno", "currently", "now", "today"}
_INTENT_ONLY |= {
    "moski",
    "zenske",
    "zenski",
    "men",
    "women",
    "mens",
    "womens",
    "stevilka",
    "stevilko",
    "stevilke",
}

PRODUCT_CODE = re.compile(r"\b([A-Z][A-Z0-9]{1,9}-\d{2,}[A-Z0-9-]*|\d{5,})\b")


@dataclass
class ShopperQuery:
    text: str
    words: list[str] = field(default_factory=list)
    colors: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    min_price: str | None = None
    max_price: str | None = None
    on_sale: bool = False
    asks_stock: bool = False
    asks_price: bool = False
    shopping: bool = False
    codes: list[str] = field(default_factory=list)
    content_words: list[str] = field(default_factory=list)

    @property
    def query(self) -> str:
        return " ".join(self.content_words)

    @property
    def product_signal(self) -> bool:
        return bool(
            self.colors or self.sizes or self.max_price or self.min_price or self.on_sale or self.codes
        ) or (bool(self.content_words) and (self.shopping or self.asks_price or self.asks_stock))

    def filters(self) -> dict:
        filters: dict = {}
        if self.colors:
            filters["color"] = self.colors
        if self.sizes:
            filters["size"] = self.sizes
        if self.min_price:
            filters["min_price"] = self.min_price
        if self.max_price:
            filters["max_price"] = self.max_price
        if self.on_sale:
            filters["on_sale"] = True
        return filters


def _singular(word: str) -> str | None:
    if len(word) <= 3 or not word.isalpha():
        return None
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return None


def _price(raw: str) -> str:
    return raw.replace(",", ".")


def read_query(text: str, lang: str = "sl") -> ShopperQuery:
    plain = normalize(text)
    words = _WORD.findall(plain)
    result = ShopperQuery(text=text, words=words)
    result.codes = PRODUCT_CODE.findall(text or "")
    for word in words:
        color = COLOR_WORDS.get(word)
        if color and color not in result.colors:
            result.colors.append(color)
    sizes = [m.group(1) for m in _SIZE_AFTER_CUE.finditer(plain)]
    sizes += [m.group(1).lower() for m in _UPPER_SIZE.finditer(text or "")]
    result.sizes = [s.upper() if s in LETTER_SIZES else s for s in dict.fromkeys(sizes)]
    if match := _MAX_PRICE.search(plain):
        result.max_price = _price(match.group(1))
    if match := _MIN_PRICE.search(plain):
        result.min_price = _price(match.group(1))
    word_set = set(words)
    result.on_sale = bool(word_set & SALE_WORDS) or "on sale" in plain or "na popust" in plain
    result.asks_stock = bool(word_set & STOCK_WORDS) or "how many" in plain or "koliko kosov" in plain
    result.asks_price = bool(word_set & PRICE_WORDS) or "how much" in plain
    result.shopping = bool(word_set & SHOPPING_WORDS)
    size_tokens = {s.lower() for s in result.sizes}
    price_tokens = {p for p in (result.min_price, result.max_price) if p}
    content = []
    for word in words:
        if word in STOP_WORDS or word in _INTENT_ONLY or word in COLOR_WORDS or word in size_tokens:
            continue
        if word in price_tokens or word.replace(",", ".") in price_tokens or word.isdigit():
            continue
        if any(word in topic for topic in TOPIC_WORDS.values()):
            continue
        if len(word) < 2 or word.upper() in result.codes:
            continue
        content.append(word)
        singular = _singular(word) if lang == "en" or word.isascii() else None
        if singular and singular not in content and singular not in STOP_WORDS:
            content.append(singular)
    result.content_words = list(dict.fromkeys(content))[:6]
    return result


def topic_of(text: str) -> tuple[str | None, float]:
    """(company-info topic, confidence) for hours/contact/policy questions, or (None, 0)."""
    plain = normalize(text)
    words = set(_WORD.findall(plain))
    if re.search(
        r"\b(are you|ste|je trgovina|is the (shop|store))\b.{0,25}\b(open|odprt\w*|zaprt\w*|closed)\b", plain
    ):
        return "open_now", 0.92
    if re.search(r"\b(open|odprt\w*)\b.{0,15}\b(now|today|right now|zdaj|danes|trenutno|sedaj)\b", plain):
        return "open_now", 0.92
    if re.search(r"\b(now|zdaj|danes|today|trenutno|sedaj)\b.{0,15}\b(open|odprt\w*)\b", plain):
        return "open_now", 0.92
    best, best_hits = None, 0
    for topic in ("shipping", "returns", "payment", "warranty", "contact", "hours"):
        hits = len(words & TOPIC_WORDS[topic])
        if topic == "hours" and re.search(r"delovni cas|odpiralni cas|opening hours|working hours", plain):
            hits += 2
        if hits > best_hits:
            best, best_hits = topic, hits
    if best is None:
        return None, 0.0
    if best == "hours" and best_hits == 1 and words & {"when", "kdaj", "cas"}:
        return None, 0.0  # "when will it arrive?" is not about opening hours
    return best, min(0.9, 0.7 + 0.1 * best_hits)
