"""Fields and bases shared by the members' forms: French numbers, months, dates,
versions carried by edit forms."""

import re

from django import forms

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


class VersionedForm(forms.ModelForm):
    """Carries the version the page was built from, so that a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["version"].required = False

    def save(self, commit=True):
        if self.instance.pk and self.cleaned_data.get("version"):
            self.instance.version = self.cleaned_data["version"]
        return super().save(commit=commit)


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
