"""Account pages (/compte/…): Django's auth views with French templates, and the
admin's password reset, which shares their rules."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from wagtail.admin.views import account as wagtail_account

from network.forms import ProfileForm
from network.permissions import roles_of
from network.roles import profile_of
from network.throttling import PasswordResetLimitMixin


class LoginView(auth_views.LoginView):
    # Signed-in users who come back to the login page go on to /espace/.
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = "/compte/mot-de-passe/modifie/"


class PasswordResetView(PasswordResetLimitMixin, auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = "/compte/mot-de-passe/oublie/envoye/"


class AdminPasswordResetView(PasswordResetLimitMixin, wagtail_account.PasswordResetView):
    pass


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = "/compte/reinitialisation/terminee/"


@login_required
def profile(request):
    account_profile = profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=request.user, profile=account_profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Votre profil est enregistré.")
        return redirect("/compte/")
    roles = sorted(roles_of(request.user), key=lambda role: list(type(role)).index(role))
    return render(request, "registration/profile.html", {
        "form": form, "profile": account_profile, "roles": roles,
    })
