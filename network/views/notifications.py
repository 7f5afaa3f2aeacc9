"""A person's notifications (/espace/notifications/) and e-mail preferences
(/compte/notifications/). Marking read takes a POST with its CSRF token; opening a
notification marks it read and leads to its object, whose page answers 404 or 403 by
the permission policy if the person no longer may see it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from network.forms import NotificationPreferencesForm
from network.notifications import inbox

PAGE_SIZE = 30


@never_cache
@login_required
def notification_list(request):
    page = Paginator(inbox.notifications_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "network/notifications/list.html", {
        "page_obj": page, "notifications": page.object_list,
    })


@never_cache
@login_required
def notification_open(request, pk: int):
    url = inbox.open_notification(request.user, pk)
    # Stored by the portal as a path of its own; checked all the same.
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        url = "/espace/notifications/"
    return redirect(url)


def _back(request):
    page = request.POST.get("page", "")
    return redirect(f"/espace/notifications/?page={page}" if page.isdigit()
                    else "/espace/notifications/")


@require_POST
@login_required
def notification_read(request, pk: int):
    inbox.mark_read(request.user, pk)
    return _back(request)


@require_POST
@login_required
def notification_read_all(request):
    count = inbox.mark_all_read(request.user)
    messages.success(request, "Toutes vos notifications sont marquées comme lues."
                     if count else "Vous n'aviez aucune notification non lue.")
    return _back(request)


@never_cache
@login_required
def preferences(request):
    choices = inbox.preferences_of(request.user)
    form = NotificationPreferencesForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        inbox.save_preferences(request.user, form.cleaned_data)
        messages.success(request, "Vos préférences de notification sont enregistrées.")
        return redirect("/compte/notifications/")
    return render(request, "registration/notification_preferences.html", {
        "form": form,
    }, status=400 if form.errors else 200)
