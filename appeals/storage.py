"""Where appeal photos live: a storage outside MEDIA_ROOT, so no web server serves them directly; the portal hands
them out through a view that asks the appeals visibility rule (confidential appeals' photos stay private)."""
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage


def private_storage() -> Storage:
    location = getattr(settings, "PRIVATE_MEDIA_ROOT", None) or f"{str(settings.MEDIA_ROOT).rstrip('/')}-private"
    return FileSystemStorage(location=location, base_url=None)
