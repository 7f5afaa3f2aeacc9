"""Notifications: the portal tells each person what to do next.

- kinds.py: the kinds of notification, registered by each app (clauses, resources and
  this one) with their label, roles and default e-mail delivery;
- record.py: `notify(kind, recipients, about=…, url=…, label=…, title=…)`, called by the
  domain operations (never by views) with recipients computed by network.permissions;
  stored once per person, kind, object and period;
- delivery.py: the e-mails, as tasks of Django's task framework (at once, or in the
  daily and weekly digests that `send_reminders` enqueues);
- emails.py: their French text and HTML;
- inbox.py: a person's notifications and preferences, for the views;
- workspace.py, reminders.py: the network's own events and reminders (workspaces;
  conventions and meetings);
- moderation.py: Wagtail's moderation e-mails, sent through the task framework too.

Titles never carry a beneficiary's name: pseudonyms only, whoever receives them.
"""

from network.notifications.kinds import Kind, all_kinds, get_kind, register_kind
from network.notifications.record import emails_muted, notify

__all__ = ["Kind", "all_kinds", "emails_muted", "get_kind", "notify", "register_kind"]
