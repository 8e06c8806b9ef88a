"""The resident's appeals in their personal-data export (internal notes are staff's, not the author's data)."""
from .models import Appeal


def export_appeals(user):
    appeals = Appeal.objects.filter(author=user).select_related("category").prefetch_related("clarifications") \
        .order_by("registered_at")
    return "appeals", [
        {"number": appeal.number, "registered_at": appeal.registered_at.isoformat(), "kind": appeal.kind,
         "category": appeal.category.name, "addressee": appeal.addressee, "text": appeal.text,
         "address": appeal.address, "latitude": str(appeal.latitude) if appeal.latitude is not None else None,
         "longitude": str(appeal.longitude) if appeal.longitude is not None else None,
         "public": appeal.is_public, "status": appeal.status, "answer": appeal.answer_text,
         "satisfied": appeal.satisfied, "rating_comment": appeal.rating_comment,
         "clarifications": [{"question": item.question, "answer": item.answer} for item in appeal.clarifications.all()]}
        for appeal in appeals
    ]
