"""Failed logins counted three ways, each against its own limit (django-axes handler).

Axes records each failure once, per (username, address, user agent), and counts them
for each set of AXES_LOCKOUT_PARAMETERS, but compares every count with one limit. The
three counts here have limits of their own:

- one account from one address: AXES_FAILURE_LIMIT, the tightest (someone guessing);
- one account from every address: LOGIN_FAILURE_LIMIT_PER_ACCOUNT, higher, so that a
  guesser who spreads over many addresses is stopped without letting anyone lock an
  account in a handful of tries;
- one address for every account: LOGIN_FAILURE_LIMIT_PER_ADDRESS, higher still, as a
  whole office may sign in from one address (someone trying one password on many
  accounts).

The address is `portal.core.client_ip.client_ip` (AXES_CLIENT_IP_CALLABLE).
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

ACCOUNT = frozenset({"username"})
ADDRESS = frozenset({"ip_address"})


def limit_for(parameters) -> int:
    names = frozenset([parameters] if isinstance(parameters, str) else parameters)
    if names == ACCOUNT:
        return settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT
    if names == ADDRESS:
        return settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    return settings.AXES_FAILURE_LIMIT


class LoginLimitsHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        # Axes locks when this number reaches AXES_FAILURE_LIMIT: it is that limit
        # plus the smallest distance of any count to its own limit, so it reaches
        # AXES_FAILURE_LIMIT exactly when one count reaches its own limit.
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        limits = [limit_for(p) for p in get_lockout_parameters(request, credentials)]
        margin = max(count - limit for count, limit in zip(counts, limits, strict=True))
        return settings.AXES_FAILURE_LIMIT + margin

    def reset_user_attempts(self, request, credentials=None) -> int:
        # A successful login clears that account's failures, from every address, but
        # not the address's failures on other accounts: whoever tries passwords on many
        # accounts must not start over by signing in to an account of their own.
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
