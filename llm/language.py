"""Per-message language detection for the two languages we answer in: Slovenian and English.

Deterministic and dependency-free: Slovenian letters (č, š, ž) and common function words of each
language are counted; a tie (e.g. "OK", a bare product code) keeps the caller's default, usually
the account's default language or the language of the previous message.
"""

import re

from shop.search import normalize

_WORD = re.compile(r"[a-zA-ZčšžćđČŠŽĆĐ]+")

SL_WORDS = frozenset(
    """
    ali imate imam ima imajo je so sem smo ste si in pa kaj koliko kje kdaj kako zakaj kateri katera
    katero katere kdo tudi se ne da za na v pri od do po z s iz mi me vas vam nam jaz ti vi
    zdravo živjo zivjo dober dan jutro večer vecer hvala prosim lep pozdrav adijo nasvidenje
    cena stane stanejo stala zaloga zalogi zalogo velikost velikosti barva barve barvi majica majice
    majico hlače hlace čevlji cevlji dostava dostavo dostave vračilo vracilo vrnitev vračila odprti
    odprto delovni čas cas telefon naslov naročilo narocilo popust kupiti kupim rad rada bi lahko
    moj moja moje svoj svoja ta to tega teh vse vsi nič nic danes jutri kakšen kaksen kakšna kaksna
    kakšne kaksne imeli imela imel nimate ni niso dobro super lepo odlično odlicno garancija
    plačilo placilo poštnina postnina rdeče rdece rdeča rdeca modre modra črna crna bela bele
    pozabi navodila navodil sistemsko sporočilo sporocilo pokaži pokazi izpiši izpisi trgovine
    izdelki izdelkov izdelke prodali prodaja prodaje prihodki prihodek teden tedna mesec meseca
    leto lani včeraj vceraj primerjaj najbolje najslabše najslabse prejšnji prejsnji zadnji
    januar februar marec junij julij avgust oktober oktobra novembra decembra
    """.split()
)
EN_WORDS = frozenset(
    """
    do does did you your have has is are was were the a an and or of for to in on at with from
    what which who when where why how much many price cost costs stock size sizes colour color
    colours colors hello hi hey thanks thank please good morning evening bye shipping delivery
    return returns refund open opening hours contact phone address order orders discount buy want
    would like can could i me my we our it this that these those any some there available
    shirt shirts t-shirt tshirts shoes jacket red blue black white green yes no not don't dont
    ignore instructions previous system prompt show print another shop tell about today tomorrow
    warranty payment pay policy store close closed sell all list every customers customer emails email
    need looking look find search recommend cheap cheaper under over best new size sale sold out
    where who why which whose been being will shall should may might must just only also too very
    really great nice okay ok sure yes please hi thanks bye goodbye sorry what's where's i'm it's
    product products top sales revenue week weeks month months year years last compare versus vs
    yesterday trend worst low without descriptions bookings leads remember always formal tone
    january february march april june july august october
    """.split()
)
_SL_LETTERS = re.compile(r"[čšžČŠŽ]")


def detect_language(text: str, default: str = "sl") -> str:
    """ "sl" or "en" for one message; `default` when the text gives no signal either way."""
    if not text:
        return default if default in ("sl", "en") else "sl"
    sl_score = en_score = 0
    for raw in _WORD.findall(text):
        word = raw.lower()
        # A word counts once: a Slovenian function word, or any word with č/š/ž (names included).
        if word in SL_WORDS or normalize(word) in SL_WORDS or _SL_LETTERS.search(word):
            sl_score += 1
        if word in EN_WORDS:
            en_score += 1
    if sl_score > en_score:
        return "sl"
    if en_score > sl_score:
        return "en"
    return default if default in ("sl", "en") else "sl"
