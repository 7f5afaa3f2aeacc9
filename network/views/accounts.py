"""Account pages (/compte/…): Django's auth views with French templates, and the
admin's sign-out and password reset, which share their rules."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from wagtail.admin.views import account as wagtail_account

from network.forms import ProfileForm
from network.permissions import roles_of
from network.roles import profile_of
from network.throttling import PasswordResetLimitMixin


class LoginView(auth_views.LoginView):
    # Signed-in users who come back to the login page go on to /espace/.
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Signs out on a POST with its CSRF token only (Django's view flushes the session);
    a GET shows the button that sends that POST, so a link or an image planted
    elsewhere cannot sign anyone out."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(settings.LOGOUT_REDIRECT_URL)
        return render(request, "registration/logout_confirm.html")


class AdminLogoutView(wagtail_account.LogoutView):
    """Wagtail's sign-out, whose dispatch deletes the session cookie whatever the
    method: on a refused GET the browser lost its cookie while the session stayed valid
    on the server. Here a GET shows the button and touches nothing; a POST goes through
    Wagtail's view, which flushes the session."""

    def dispatch(self, request, *args, **kwargs):
        if request.method == "POST":
            return super().dispatch(request, *args, **kwargs)
        if request.method != "GET":
            return self.http_method_not_allowed(request, *args, **kwargs)
        if not request.user.is_authenticated:
            return redirect("wagtailadmin_login")
        return TemplateResponse(request, "registration/admin_logout_confirm.html")


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
