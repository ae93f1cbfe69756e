"""Read an admin change form as a browser would, to post it back."""

from django.forms import (
    CheckboxInput,
    ModelMultipleChoiceField,
    MultipleChoiceField,
    NullBooleanSelect,
)
from django.urls import reverse


def change_url(initiative) -> str:
    return reverse("admin:initiatives_initiative_change", args=[initiative.pk])


def transition_url(initiative, name: str) -> str:
    return reverse("admin:initiatives_initiative_transition", args=[initiative.pk, name])


def _add(data: dict, form) -> None:
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, NullBooleanSelect):
            data[bound.html_name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(widget, CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif value is None:
            if not isinstance(bound.field, MultipleChoiceField | ModelMultipleChoiceField):
                data[bound.html_name] = ""
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = str(value)


def form_data(response) -> dict:
    """Every field of the admin form and its inlines, as currently shown."""
    context = response.context
    data: dict = {}
    _add(data, context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        _add(data, inline.formset.management_form)
        for form in inline.formset.forms:
            _add(data, form)
    return data


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []
