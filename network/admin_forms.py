"""Forms of the Wagtail admin for the network's models."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.forms import ModelChoiceField
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.auth import LoginForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from network import roles
from network.emails import UniqueEmailMixin
from network.enums import BUYER_KINDS, COMPANY_KINDS
from network.models import Committee, Network, Organisation, Profile, Territory
from network.permissions import EDITORS_GROUP, Action, allowed_parents, anchors_of, is_anchor_model


def _anchor_fields(model) -> set[str]:
    """Foreign keys through which the model reaches its anchors."""
    names = set()
    for paths in anchors_of(model).values():
        for path in (paths,) if isinstance(paths, str) else paths:
            if path != "pk":
                names.add(path.split("__")[0])
    return names


class AnchoredAdminForm(WagtailAdminModelForm):
    """Offers only the parents a user may hang a record from.

    A facilitator adding an action or a meeting chooses among the workspaces
    and committees that the permission policy opens to them: they cannot
    file a record under someone else's territory.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self._meta.model
        if self.for_user is None or is_anchor_model(model):
            return
        for name in _anchor_fields(model):
            field = self.fields.get(name)
            if isinstance(field, ModelChoiceField):
                field.queryset = allowed_parents(self.for_user, Action.CHANGE, model, name)


class ProfileRolesForm(WagtailAdminModelForm):
    """An account's organisation and roles (DESIGN.md §5), set in one place.

    Each role is a membership of its anchor's group: ticking a territory
    makes the account a facilitator of it, and so on. Administrators are
    superusers (Wagtail's user form); editors join Wagtail's "Editors".
    """

    territories = forms.ModelMultipleChoiceField(
        label="Facilitateur des territoires", queryset=Territory.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Suit les marchés, bénéficiaires et heures de ces territoires et gère "
        "leurs espaces de travail.",
    )
    networks = forms.ModelMultipleChoiceField(
        label="Coordinateur régional des réseaux", queryset=Network.objects.all(),
        required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Suit tous les territoires de ces réseaux.",
    )
    buyers = forms.ModelMultipleChoiceField(
        label="Référent acheteur des organisations",
        queryset=Organisation.objects.filter(kind__in=BUYER_KINDS), required=False,
        help_text="Suit les marchés de ces acheteurs (bénéficiaires pseudonymisés) et "
        "transmet leurs prévisions.",
    )
    # Companies only (COMPANY_KINDS): a partner organisation has no referents of this kind.
    companies = forms.ModelMultipleChoiceField(
        label="Référent des entreprises",
        queryset=Organisation.objects.filter(kind__in=COMPANY_KINDS), required=False,
        help_text="Voit les lots de ces entreprises qui portent une clause, déclare les "
        "heures de leurs salariés en insertion (validées par le facilitateur) et propose "
        "des embauches.",
    )
    committees = forms.ModelMultipleChoiceField(
        label="Membre des comités", queryset=Committee.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Voit les contenus réservés du comité et contribue à son espace.",
    )
    is_editor = forms.BooleanField(
        label="Éditeur des publications", required=False,
        help_text="Rédige et publie les ressources dans l'administration (groupe « Editors »).",
    )

    class Meta:
        model = Profile
        fields = ["user", "organisation", "job_title", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user_field = self.fields.get("user")
        if self.instance.pk:
            held = roles.current_roles(self.instance.user)
            for key in ("territories", "networks", "buyers", "companies", "committees"):
                self.initial[key] = held[key]
            self.initial["is_editor"] = self.instance.user.groups.filter(
                name=EDITORS_GROUP
            ).exists()
            if user_field is not None:
                user_field.disabled = True
        elif user_field is not None:
            user_field.queryset = get_user_model().objects.filter(profile__isnull=True)

    @transaction.atomic
    def save(self, commit=True):
        profile = super().save(commit=commit)
        user = profile.user
        roles.set_roles(
            user,
            territories=self.cleaned_data["territories"],
            networks=self.cleaned_data["networks"],
            buyers=self.cleaned_data["buyers"],
            committees=self.cleaned_data["committees"],
            companies=self.cleaned_data["companies"],
        )
        editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
        if self.cleaned_data["is_editor"]:
            user.groups.add(editors)
        else:
            user.groups.remove(editors)
        return profile


class AdminLoginForm(LoginForm):
    """Wagtail's sign-in form, its password field labelled in French.

    Wagtail declares that field without a label, so Django makes one from the field's
    name ("Password"), which no translation catalogue covers (WAGTAILADMIN_USER_LOGIN_FORM).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "Mot de passe"


class AdminUserCreationForm(UniqueEmailMixin, UserCreationForm):
    """Wagtail's new-account form; an address already used by an account is refused."""


class AdminUserEditForm(UniqueEmailMixin, UserEditForm):
    """Wagtail's account form; an address already used by another account is refused."""
