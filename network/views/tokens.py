"""A member's API tokens (/compte/jetons/): listed, made (the token shown once), revoked.

Each person sees and revokes only their own tokens: another's token answers 404, as if
it did not exist. Revoking takes a POST with its CSRF token.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import APIToken

from network.forms import TokenForm
from network.tokens import create_token, revoke_token, tokens_of


@never_cache
@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        # Shown in this answer only (never stored, never cached): reloading the page
        # does not show it again.
        token, plaintext = create_token(request.user, form.cleaned_data["name"])
        created = {"token": token, "plaintext": plaintext}
        form = TokenForm()
    return render(request, "registration/tokens.html", {
        "form": form, "created": created, "tokens": tokens_of(request.user),
    })


@require_POST
@login_required
def token_revoke(request, token_id: int):
    try:
        token = revoke_token(request.user, token_id)
    except APIToken.DoesNotExist:
        raise Http404 from None
    messages.success(
        request, f"Le jeton « {token.name} » est révoqué : il ne donne plus accès à l'API."
    )
    return redirect("account_tokens")
