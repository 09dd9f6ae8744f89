from django import template

register = template.Library()


@register.inclusion_tag("govuk/_error_summary.html")
def error_summary(*forms):
    errors = []
    for form in forms:
        if form is not None and hasattr(form, "error_list") and form.is_bound:
            errors.extend(form.error_list())
    return {"errors": errors}
