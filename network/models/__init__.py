from network.models.committees import ActionItem, Committee, Meeting
from network.models.conventions import (
    Convention,
    ConventionCommitment,
    ConventionDocument,
    ConventionParty,
)
from network.models.notifications import Notification, NotificationPreference
from network.models.organisations import Contact, Network, Organisation, Profile
from network.models.territories import Territory
from network.models.workspaces import Workspace, WorkspacePost

__all__ = [
    "ActionItem",
    "Committee",
    "Contact",
    "Convention",
    "ConventionCommitment",
    "ConventionDocument",
    "ConventionParty",
    "Meeting",
    "Network",
    "Notification",
    "NotificationPreference",
    "Organisation",
    "Profile",
    "Territory",
    "Workspace",
    "WorkspacePost",
]
