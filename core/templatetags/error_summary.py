"""The error summary at the top of a form with errors (the GOV.UK pattern): a heading, then one link per error to
the input it is about. templates/includes/error_summary.html draws it and static/js/error-summary.js moves the focus
to it when the page loads, so a keyboard or screen reader user hears what went wrong and can go to each field.

    {% load error_summary %}
    {% block title %}{% error_title_prefix form formset %}…{% endblock %}
    {% error_summary form formset intro=nothing_saved %}

Any number of forms, formsets and dicts of formsets (anything else is skipped). An error of a whole form or
formset is listed without a link.
"""

from dataclasses import dataclass

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class SummaryError:
    message: str
    target: str = ""  # the id of the input the link moves to; "" for an error that no one field has


def _target(field: forms.BoundField) -> str:
    if field.id_for_label:
        return field.id_for_label
    # A group of radio buttons or checkboxes has no element of the field's own id: go to its first option.
    if isinstance(field.field.widget, forms.RadioSelect):  # CheckboxSelectMultiple is one too
        options = field.subwidgets
        return options[0].id_for_label if options else ""
    return ""


def _form_errors(form: forms.BaseForm) -> list[SummaryError]:
    errors = [SummaryError(str(message)) for message in form.non_field_errors()]
    incomplete = False
    # A form whose own messages say what to do ("Write your comment.") sets error_summary_labels = False.
    labelled = getattr(form, "error_summary_labels", True)
    for field in form:
        if not field.errors:
            continue
        if field.is_hidden:  # e.g. the version of an edit form: nothing the user can correct in a field
            incomplete = True
            continue
        for message in field.errors:
            text = f"{capfirst(field.label)}: {message}" if labelled and field.label else str(message)
            errors.append(SummaryError(text, _target(field)))
    if incomplete:
        errors.append(SummaryError(_("The page was incomplete. Reload it and enter your changes again.")))
    return errors


def summary_errors(*forms_and_formsets) -> list[SummaryError]:
    """Every error of the given forms and formsets (or dicts of them), in the order they show on the page."""
    errors = []
    for item in forms_and_formsets:
        if isinstance(item, dict):
            errors += summary_errors(*item.values())
        elif isinstance(item, BaseFormSet) and item.is_bound:
            errors += [SummaryError(str(message)) for message in item.non_form_errors()]
            for form in item.forms:
                errors += _form_errors(form)
        elif isinstance(item, forms.BaseForm) and item.is_bound:
            errors += _form_errors(item)
    return errors


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms_and_formsets, intro="", details=True):
    """The summary; ``details=False`` shows only the heading and intro (errors of inputs that the page has not)."""
    errors = summary_errors(*forms_and_formsets)
    return {"shown": bool(errors), "errors": errors if details else [], "intro": intro}


@register.simple_tag
def error_title_prefix(*forms_and_formsets) -> str:
    """ "Error: " before the page title when a form on it has errors (a screen reader reads the title first)."""
    return f"{_('Error')}: " if summary_errors(*forms_and_formsets) else ""
