"""Optimistic concurrency for records several people edit at once."""

from django.db import models, transaction

STALE_MESSAGE = (
    "Cette fiche a été modifiée par quelqu'un d'autre pendant que vous la modifiiez. "
    "Vos changements n'ont pas été enregistrés : rechargez la page pour voir la version "
    "actuelle, puis refaites vos modifications."
)


class StaleRecordError(Exception):
    """The record changed since it was read: saving would overwrite someone's work."""

    def __init__(self, message: str = STALE_MESSAGE):
        super().__init__(message)
        self.message = message


class Versioned(models.Model):
    """A `version` that every save checks and increments.

    An edit form carries the version it was built from; saving runs
    ``UPDATE … SET version = n + 1 WHERE pk = … AND version = n`` first, inside the
    same transaction as the real update, so the second of two concurrent saves finds
    no row and is refused instead of silently overwriting the first.
    """

    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        expected = self.version
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        with transaction.atomic():
            claimed = (
                type(self)._base_manager.filter(pk=self.pk, version=expected)
                .update(version=expected + 1)
            )
            if not claimed:
                raise StaleRecordError()
            self.version = expected + 1
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                self.version = expected
                raise
