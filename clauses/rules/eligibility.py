"""How long a validation of eligibility holds, and what a placement needs of it.

A validation is dated; it holds until the same day `months` later (the setting
ELIGIBILITY_VALIDITY_MONTHS, read by the operations, never here). A placement that
starts after that end needs a new validation; a record whose end is past or near is
shown "à revalider".
"""

from __future__ import annotations

import datetime

# A validation ending within this many days is flagged on the lists, so that the
# facilitator renews it before a placement is refused.
REVALIDATION_NOTICE_DAYS = 30

MESSAGE_EXPIRED = (
    "L'éligibilité de {pseudonym} a expiré le {end:%d/%m/%Y}, une nouvelle validation est "
    "nécessaire pour un placement qui commence le {start:%d/%m/%Y}."
)
MESSAGE_ENDS_BEFORE_START = (
    "L'éligibilité de {pseudonym} expire le {end:%d/%m/%Y}, avant le début du placement le "
    "{start:%d/%m/%Y} : une nouvelle validation est nécessaire."
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


def validity_end(validated_on: datetime.date, months: int) -> datetime.date:
    """The last day a validation made on `validated_on` holds."""
    return add_months(validated_on, months)


def revalidation_due(valid_until: datetime.date | None, today: datetime.date,
                     notice_days: int = REVALIDATION_NOTICE_DAYS) -> bool:
    """Whether a validation has ended, or ends within `notice_days` of `today`."""
    return valid_until is not None and valid_until <= today + datetime.timedelta(notice_days)


def expired(valid_until: datetime.date | None, today: datetime.date) -> bool:
    return valid_until is not None and valid_until < today


def expiry_error(pseudonym: str, valid_until: datetime.date | None,
                 starts_on: datetime.date | None, today: datetime.date) -> str | None:
    """Why a placement starting on `starts_on` needs a new validation first, or None."""
    if valid_until is None or starts_on is None or starts_on <= valid_until:
        return None
    message = MESSAGE_EXPIRED if expired(valid_until, today) else MESSAGE_ENDS_BEFORE_START
    return message.format(pseudonym=pseudonym, end=valid_until, start=starts_on)
