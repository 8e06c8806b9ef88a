# Attachments move to private storage under random names (cms.uploads); files already uploaded move with them.

import os
import uuid

from django.core.files.storage import storages
from django.db import migrations

import cms.uploads


def move_to_private_storage(apps, schema_editor):
    public, private = storages["default"], storages["private"]
    Attachment = apps.get_model("petitions", "PetitionAttachment")
    for attachment in Attachment.objects.exclude(file="").iterator():
        old = attachment.file.name
        if not public.exists(old):
            continue
        with public.open(old, "rb") as handle:
            new = private.save(f"petitions/{uuid.uuid4().hex}{os.path.splitext(old)[1].lower()[:10]}", handle)
        Attachment.objects.filter(pk=attachment.pk).update(file=new)
        public.delete(old)


class Migration(migrations.Migration):

    dependencies = [
        ('petitions', '0003_name_validator'),
    ]

    operations = [
        migrations.AlterField(
            model_name='petitionattachment',
            name='file',
            field=cms.uploads.PrivateFileField(max_length=255, storage=cms.uploads.private_storage, upload_to=cms.uploads.RandomName('petitions'), verbose_name='file'),
        ),
        migrations.RunPython(move_to_private_storage, migrations.RunPython.noop, elidable=True),
    ]
