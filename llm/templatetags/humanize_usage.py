from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def tokens(value) -> str:
    """12345678 → "12.345.678" (sl) / "12,345,678" (en), per the active locale."""
    try:
        return number_format(int(value), force_grouping=True)
    except (TypeError, ValueError):
        return ""
