"""Every sentence the shopper can see from the server, translatable (sl/en)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

EMPTY = _("Please write a message first.")
TOO_LONG = _("Your message is too long. Please keep it under %(max)s characters.")
NOT_UTF8 = _("The message could not be read. Please send it as UTF-8 text.")
METHOD = _("This request method is not supported here.")
BAD_JSON = _("The request could not be read. Send a JSON object.")
BAD_KEY = _("This chat is not available here: the widget key does not belong to this shop.")
BAD_ORIGIN = _("This chat is not enabled on this website.")
NO_SESSION = _("This conversation was not found. Please start a new chat.")
BAD_VISITOR = _("The visitor id is not valid.")
RATE_LIMITED = _("You are sending messages too quickly. Please wait a moment and try again.")
QUOTA = _("The chat is not available at the moment. Please contact the shop directly.")
DISABLED = _("The chat is not enabled for this shop.")
APOLOGY = _(
    "Sorry, I cannot answer right now. Your message is saved; please try again in a moment "
    "or leave your contact and we will get back to you."
)
HANDOFF_REQUESTED = _(
    "I have asked a colleague to join this conversation; they will reply here. "
    "You can also leave your contact and we will get back to you."
)
HANDED_BACK = _("You are chatting with the shop's assistant again.")
OWNER_JOINED = _("A member of the shop's team has joined the conversation.")
CLOSED = _(
    "The shop is closed at the moment (opening hours: %(hours)s). Leave your contact and we will "
    "get back to you as soon as we are open."
)
CONTACT_OFFER = _("Of course. Please leave your email or phone number in the form and we will contact you.")
LEAD_NEEDS_CONTACT = _("Please give an email address or a phone number.")
LEAD_BAD_EMAIL = _("This email address does not look right.")
LEAD_BAD_PHONE = _("This phone number does not look right.")
LEAD_NEEDS_CONSENT = _("Please agree to be contacted, otherwise we cannot keep your details.")
LEAD_THANKS = _("Thank you! We will contact you soon.")
CONSENT_TEXT = _("I agree that the shop stores my contact details and contacts me about my enquiry.")


def say(message, lang: str, **params) -> str:
    with translation.override(lang if lang in ("sl", "en") else "sl"):
        text = str(message)
    return text % params if params else text
