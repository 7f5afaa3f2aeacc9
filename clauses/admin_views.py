"""The Wagtail admin's create, edit and delete screens of the market follow-up, written
through the domain operations (clauses.operations) like every other channel.

Wagtail's generic views save the form's instance themselves; here `form_valid` hands the
form's values to the viewset's operation instead, and the operation's French refusals
land on the form's fields. An edit gives the operation the record as it is in the
database (the form has already set its new values on its own copy), so that a change of
lead or of person is seen as such.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from wagtail.admin.views import generic

from clauses.models import STALE_MESSAGE, StaleRecordError
from network.viewsets import AnchoredDeleteView, AnchoredEditView, AnchoredViewSet


def add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


class _OperationFormMixin:
    operations = None

    def _run(self, form, write):
        self.form = form
        try:
            with transaction.atomic():
                self.object = write()
        except StaleRecordError:
            form.add_error(None, STALE_MESSAGE)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        except ValidationError as error:
            add_errors(form, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class OperationCreateView(_OperationFormMixin, generic.CreateView):
    def form_valid(self, form):
        return self._run(form, lambda: self.operations.create(self.request.user, form))


class OperationEditView(_OperationFormMixin, AnchoredEditView):
    def form_valid(self, form):
        current = self.model._default_manager.get(pk=self.object.pk)
        return self._run(
            form, lambda: self.operations.update(self.request.user, current, form) or current
        )


class OperationDeleteView(AnchoredDeleteView):
    operations = None

    def form_valid(self, form):
        success_url = self.get_success_url()
        try:
            with transaction.atomic():
                self.operations.delete(self.request.user, self.object)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return HttpResponseRedirect(self.request.path)
        messages.success(self.request, self.get_success_message())
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else HttpResponseRedirect(success_url)


class Operations:
    """How one model's admin screens call its operations: override each."""

    def create(self, actor, form):
        raise NotImplementedError

    def update(self, actor, obj, form):
        raise NotImplementedError

    def delete(self, actor, obj):
        raise NotImplementedError


class OperationViewSet(AnchoredViewSet):
    add_view_class = OperationCreateView
    edit_view_class = OperationEditView
    delete_view_class = OperationDeleteView
    operations: Operations

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(operations=self.operations, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(operations=self.operations, **kwargs)

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(operations=self.operations, **kwargs)
