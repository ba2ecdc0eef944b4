"""The storage of private request attachments: a folder outside MEDIA_ROOT, no public URL.

Why a class: ``FileSystemStorage`` defaults to MEDIA_ROOT, which the web server publishes.
This one reads ``PRIVATE_MEDIA_ROOT`` at use (so tests and operators can point it elsewhere)
and refuses to build URLs: attachments leave only through the permission-checked view.
Object storage replaces it with ``PRIVATE_STORAGE`` (a private bucket).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    # mypy (both properties): FileSystemStorage declares these as cached attributes; a
    # property reads the setting late.
    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(self._location or settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("private attachments have no public URL")
