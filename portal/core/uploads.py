"""The one check every uploaded file goes through: the library's documents (Wagtail
documents, see resources.forms.DocumentForm) and the workspaces' uploads.

A file is accepted when its extension is allowed (settings.ALLOWED_UPLOAD_EXTENSIONS),
its size is within settings.UPLOAD_MAX_SIZE and its content is what the extension
says: a renamed executable, web page or image is refused, whatever its name.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# Checked even if a deployment adds them to the allowed list: a browser would run them.
DANGEROUS_EXTENSIONS = frozenset(
    {"exe", "dll", "bat", "cmd", "com", "msi", "sh", "js", "html", "htm", "xhtml", "svg",
     "svgz", "php"}
)
# What `filetype` recognises for each binary extension (its own extension names).
SNIFFED_AS = {
    "pdf": {"pdf"},
    "png": {"png"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
}
OFFICE_OPEN_XML = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
OPEN_DOCUMENT = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
TEXT_EXTENSIONS = {"csv", "txt"}
TEXT_ENCODINGS = ("utf-8", "cp1252")
MARKUP_STARTS = (b"<!doctype html", b"<html", b"<svg", b"<?xml", b"<script")
HEAD_SIZE = 8192


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def validate_upload(uploaded_file, extensions=None) -> None:
    """Raise a ValidationError with a French message if the file must be refused.

    ``uploaded_file`` is a Django ``File`` (UploadedFile or an opened file); its
    position is left at the start. ``extensions``: a narrower list for one use (proofs
    of eligibility take scans and PDF only); settings.ALLOWED_UPLOAD_EXTENSIONS otherwise.
    """
    name = PurePath(getattr(uploaded_file, "name", "") or "").name
    extension = extension_of(name)
    allowed = [ext.lower() for ext in (extensions or settings.ALLOWED_UPLOAD_EXTENSIONS)]

    if extension in DANGEROUS_EXTENSIONS:
        raise ValidationError(
            "Les fichiers « .%(ext)s » ne sont pas acceptés : ils peuvent contenir du code "
            "exécuté à l'ouverture.",
            code="dangerous_extension", params={"ext": extension},
        )
    if not extension or extension not in allowed:
        raise ValidationError(
            "Ce type de fichier n'est pas accepté. Formats acceptés : %(allowed)s.",
            code="extension_not_allowed",
            params={"allowed": ", ".join(f".{ext}" for ext in allowed)},
        )
    size = uploaded_file.size
    if size > settings.UPLOAD_MAX_SIZE:
        raise ValidationError(
            "Ce fichier est trop volumineux (%(size)s) : la taille maximale est %(max)s.",
            code="file_too_large",
            params={"size": filesizeformat(size), "max": filesizeformat(settings.UPLOAD_MAX_SIZE)},
        )
    if size == 0:
        raise ValidationError("Ce fichier est vide.", code="empty_file")

    try:
        _check_content(uploaded_file, extension)
    finally:
        uploaded_file.seek(0)


def _mismatch(extension: str) -> ValidationError:
    return ValidationError(
        "Le contenu de ce fichier ne correspond pas à son extension « .%(ext)s ». "
        "Enregistrez-le de nouveau dans le bon format avant de le déposer.",
        code="content_mismatch", params={"ext": extension},
    )


def _check_content(uploaded_file, extension: str) -> None:
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_SIZE)
    if isinstance(head, str):  # a file opened in text mode
        head = head.encode()
    kind = filetype.guess(head)

    if extension in SNIFFED_AS:
        if kind is None or kind.extension not in SNIFFED_AS[extension]:
            raise _mismatch(extension)
    elif extension in OFFICE_OPEN_XML or extension in OPEN_DOCUMENT:
        _check_office_archive(uploaded_file, extension)
    elif extension in TEXT_EXTENSIONS:
        _check_text(uploaded_file, head, kind, extension)
    else:
        # An extension allowed by a deployment but unknown here: refuse rather
        # than accept unchecked content.
        raise ValidationError(
            "Le portail ne sait pas vérifier le contenu des fichiers « .%(ext)s ».",
            code="unchecked_extension", params={"ext": extension},
        )


def _check_office_archive(uploaded_file, extension: str) -> None:
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            names = set(archive.namelist())
            if extension in OPEN_DOCUMENT:
                # The OpenDocument format stores its type, uncompressed, in "mimetype".
                if "mimetype" not in names:
                    raise _mismatch(extension)
                mimetype = archive.read("mimetype").decode("ascii", errors="replace").strip()
                if mimetype != OPEN_DOCUMENT[extension]:
                    raise _mismatch(extension)
            else:
                prefix = OFFICE_OPEN_XML[extension]
                if "[Content_Types].xml" not in names or not any(
                    n.startswith(prefix) for n in names
                ):
                    raise _mismatch(extension)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError) as error:
        raise _mismatch(extension) from error


def _check_text(uploaded_file, head: bytes, kind, extension: str) -> None:
    if kind is not None or b"\x00" in head:
        raise _mismatch(extension)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(MARKUP_STARTS):
        raise ValidationError(
            "Ce fichier contient une page web ou une image vectorielle, qui ne sont pas "
            "acceptées.",
            code="markup_content",
        )
    uploaded_file.seek(0)
    content = uploaded_file.read()
    if isinstance(content, str):
        return
    for encoding in TEXT_ENCODINGS:
        try:
            content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return
    raise ValidationError(
        "Ce fichier texte n'est pas lisible : enregistrez-le en UTF-8.", code="bad_encoding"
    )
