from django import template

from joinedup.finance.money import format_pence
from joinedup.finance.years import FinancialYear

register = template.Library()


@register.filter
def pounds(pence):
    """Whole pence as pounds: {{ 123456|pounds }} is £1,234.56."""
    if pence is None or pence == "":
        return ""
    return format_pence(int(pence))


@register.filter
def financial_year(start_year):
    """The financial year that starts in a year: {{ 2013|financial_year }} is 2013/14."""
    if start_year is None or start_year == "":
        return ""
    return FinancialYear(int(start_year)).label


@register.filter
def lookup(mapping, key):
    """{{ shares|lookup:organisation }}: a value from a dict by a key that is a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def plain(number):
    """A Decimal without trailing zeros or an exponent: 38.20 is 38.2, 50.0000 is 50."""
    if number is None or number == "":
        return ""
    return f"{number.normalize():f}" if hasattr(number, "normalize") else str(number)
