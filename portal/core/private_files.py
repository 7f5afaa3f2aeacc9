"""Files that no address serves: personal documents (beneficiaries' eligibility proofs)
kept under MEDIA_ROOT/prive/, backed up with the media folder, and handed out only by a
view that has asked the permission policy first.

The storage has no URL: `url()` refuses, so that a template can never link a file past
its permission check. The proxy never serves MEDIA_ROOT (README, "Deploying"), and the
development server's media route leaves this folder out (portal/urls.py).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.functional import cached_property

PRIVATE_FOLDER = "prive"


def public_media_regex(media_url: str) -> str:
    """The development server's media route: every file of MEDIA_ROOT but the private
    folder's."""
    return rf"^{re.escape(media_url.lstrip('/'))}(?!{PRIVATE_FOLDER}/)(?P<path>.*)$"


class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        # Follows MEDIA_ROOT (and its changes in tests, see _clear_cached_properties).
        return os.path.join(settings.MEDIA_ROOT, PRIVATE_FOLDER)

    def url(self, name):
        raise ValueError("A private file has no address: a view serves it after a "
                         "permission check.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage of private files (a callable, so that migrations do not spell it)."""
    return _storage


def unguessable_name(folder: str, filename: str) -> str:
    """`folder/<random>/<filename>`: the file keeps its name for the download, and no
    one who learns one file's path guesses another's."""
    return f"{folder}/{secrets.token_hex(12)}/{PurePath(filename).name}"


def serve_private(field_file, filename: str) -> FileResponse:
    """The file as a download (never rendered by the browser), or 404 if it is gone."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("Le fichier est introuvable.") from missing
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
