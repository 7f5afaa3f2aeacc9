"""One e-mail address, one account, whatever its case: password reset sends its link
to the address, so an account that took another's address would receive that other
account's reset link. The database holds the same rule (a unique index on the
lower-cased address, migration network 0003); the forms check it first, to answer in
French rather than fail."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Value
from django.db.models.functions import Lower

EMAIL_TAKEN = "Cette adresse électronique est déjà celle d'un autre compte."


def email_taken(email: str, *, exclude_pk=None) -> bool:
    """Whether another account has this address, compared as the index compares it."""
    if not email:
        return False
    users = get_user_model()._default_manager.alias(email_lower=Lower("email")).filter(
        email_lower=Lower(Value(email))
    )
    if exclude_pk is not None:
        users = users.exclude(pk=exclude_pk)
    return users.exists()


class UniqueEmailMixin:
    """For model forms of the user model with an `email` field."""

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        if email_taken(email, exclude_pk=self.instance.pk):
            raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")
        return email
