"""Fields and bases shared by the members' forms: French numbers, months, dates,
versions carried by edit forms."""

import re

from django import forms
from django.core.exceptions import ValidationError

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_widgets(*names):
    return dict.fromkeys(names, DATE_INPUT)


_SPACES = re.compile(r"[\s\u00a0\u202f]+")


class FrenchDecimalField(forms.DecimalField):
    """Reads amounts and hours as people type them here: "1 200 000,50", "151,67"."""

    def __init__(self, *args, **kwargs):
        kwargs["localize"] = True
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            value = _SPACES.sub("", value)
        return super().to_python(value)


def add_operation_errors(form, error: ValidationError, renamed: dict | None = None) -> None:
    """An operation's French messages on the fields they are about, the others on the form
    as a whole."""
    renamed = renamed or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages in error.message_dict.items():
        field = renamed.get(field, field)
        for message in messages:
            if field in form.fields and field not in (None, "__all__"):
                if field not in form._errors or message not in form._errors[field]:
                    form.add_error(field, message)
            else:
                form.add_error(None, message)


class OperationForm(forms.ModelForm):
    """Reads and renders a model's fields, and nothing more: the domain operation
    (clauses.operations) validates and writes. So the instance is left untouched by the
    form (no construct_instance, no model validation here) and `save` does not exist."""

    def _post_clean(self):
        pass

    def save(self, commit=True):
        raise NotImplementedError("A domain operation writes, not the form.")

    def values(self, *names: str) -> dict:
        """The cleaned values of `names` (all the form's model fields by default)."""
        names = names or tuple(self._meta.fields)
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}

    def add_operation_errors(self, error: ValidationError, renamed: dict | None = None) -> None:
        add_operation_errors(self, error, renamed)


class VersionedForm(OperationForm):
    """Carries the version the page was built from, so that a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["version"].required = False

    def values(self, *names: str) -> dict:
        data = super().values(*names)
        if not names:
            data["version"] = self.cleaned_data.get("version")
        return data


class PseudonymChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, personal_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.personal_ids = personal_ids

    def label_from_instance(self, obj):
        if obj.pk in self.personal_ids:
            return f"{obj.pseudonym} — {obj.full_name}"
        return obj.pseudonym


class MonthField(forms.DateField):
    """A month typed as 2025-03 (input type=month) or 03/2025; kept as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%m/%Y", "%Y-%m-%d", "%d/%m/%Y"]
    default_error_messages = {"invalid": "Saisissez un mois, par exemple 2025-03 ou 03/2025."}

    def to_python(self, value):
        date = super().to_python(value)
        return date.replace(day=1) if date else date
