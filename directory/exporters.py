"""The resident's corrections to the city directory in their personal-data export."""
from .models import Correction


def export_corrections(user):
    corrections = Correction.objects.filter(author=user).select_related("city_object").order_by("created_at")
    return "directory_corrections", [
        {"object_id": correction.city_object_id, "object": correction.city_object.name, "kind": correction.kind,
         "text": correction.text, "status": correction.status, "answer": correction.staff_note,
         "created_at": correction.created_at.isoformat()}
        for correction in corrections
    ]
