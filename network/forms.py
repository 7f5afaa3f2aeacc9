"""Forms of the members' area and of the account pages."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat

from network.emails import UniqueEmailMixin
from network.enums import ActionStatus, Delivery, WorkspaceRole
from network.models import ActionItem, Profile
from network.tokens import NAME_MAX_LENGTH


class ProfileForm(UniqueEmailMixin, forms.ModelForm):
    """What a member changes of their own account: names, email, job and phone.

    Their e-mail address is theirs alone (network/emails.py).
    """

    job_title = forms.CharField(label="Fonction", max_length=200, required=False)
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        labels = {"first_name": "Prénom", "last_name": "Nom", "email": "Adresse électronique"}

    def __init__(self, *args, profile: Profile, **kwargs):
        self.profile = profile
        kwargs.setdefault("initial", {}).update(job_title=profile.job_title, phone=profile.phone)
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def save(self, commit=True):
        user = super().save(commit=commit)
        self.profile.job_title = self.cleaned_data["job_title"]
        self.profile.phone = self.cleaned_data["phone"]
        if commit:
            self.profile.save(update_fields=["job_title", "phone"])
        return user


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Nom du jeton", max_length=NAME_MAX_LENGTH,
        help_text="Pour le reconnaître ensuite : l'outil ou le script qui s'en sert.",
    )


class MemberForm(forms.Form):
    identifier = forms.CharField(
        label="Identifiant ou adresse électronique du compte", max_length=254
    )
    role = forms.ChoiceField(label="Rôle dans l'espace", choices=WorkspaceRole.choices,
                             initial=WorkspaceRole.READER)


class DocumentForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=255, required=False,
                            help_text="Par défaut, le nom du fichier.")
    file = forms.FileField(label="Fichier")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ", ".join(f".{ext}" for ext in settings.ALLOWED_UPLOAD_EXTENSIONS)
        self.fields["file"].help_text = (
            f"Formats acceptés : {allowed}. Taille maximale : "
            f"{filesizeformat(settings.UPLOAD_MAX_SIZE)}."
        )
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in settings.ALLOWED_UPLOAD_EXTENSIONS
        )


class PostForm(forms.Form):
    body = forms.CharField(
        label="Message", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["description", "owner", "owner_name", "due_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(
            pk__in=[m.user.pk for m in members]
        ).order_by("last_name", "first_name", "username")
        self.fields["owner"].label_from_instance = (
            lambda u: u.get_full_name() or u.get_username()
        )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label="État", choices=ActionStatus.choices)


class NotificationPreferencesForm(forms.Form):
    """One choice per kind of notification the person may receive: when to e-mail it."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        for choice in choices:
            self.fields[choice.kind.key] = forms.ChoiceField(
                label=choice.kind.label, help_text=choice.kind.help_text,
                choices=Delivery.choices, initial=choice.delivery, widget=forms.RadioSelect,
                # A kind left out of the request keeps its current choice.
                required=False,
            )
