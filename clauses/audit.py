"""The personal-data log: every view or change of a beneficiary's record is written here.

Call `log_view` whenever a screen, an export or the API shows personal fields, and
`log_change` after saving them. Rows are written in one INSERT per call.
"""

from collections.abc import Iterable

from clauses.enums import AuditAction
from clauses.models import Beneficiary, PersonalDataLog

SHOWN_ON_LISTS = ("first_name", "last_name")


def _username(user) -> str:
    return user.get_username() if user is not None and user.is_authenticated else ""


def log(
    user,
    beneficiaries: Iterable[Beneficiary],
    action: str,
    fields: Iterable[str],
    context: str = "",
) -> list[PersonalDataLog]:
    fields = sorted(set(fields))
    entries = [
        PersonalDataLog(
            user=user if user is not None and user.is_authenticated else None,
            username=_username(user),
            action=action,
            beneficiary=beneficiary,
            pseudonym=beneficiary.pseudonym or "",
            territory_id=beneficiary.territory_id,
            fields=fields,
            context=context[:200],
        )
        for beneficiary in beneficiaries
    ]
    return PersonalDataLog.objects.bulk_create(entries) if entries else []


def log_view(user, beneficiaries, fields=Beneficiary.PERSONAL_FIELDS, context=""):
    return log(user, beneficiaries, AuditAction.VIEW, fields, context)


def log_change(user, beneficiary, fields, context="", created=False):
    action = AuditAction.CREATE if created else AuditAction.CHANGE
    return log(user, [beneficiary], action, fields, context)
