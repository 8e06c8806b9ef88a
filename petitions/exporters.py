"""The resident's petitions and signatures in their personal-data export."""
from .models import Petition, Signature


def export_petitions(user):
    petitions = Petition.objects.filter(author=user).select_related("category").order_by("created_at")
    return "petitions", [
        {"id": petition.pk, "title": petition.title, "text": petition.text, "category": petition.category.name,
         "status": petition.status, "created_at": petition.created_at.isoformat()}
        for petition in petitions
    ]


def export_signatures(user):
    signatures = Signature.objects.filter(user=user).order_by("created_at")
    return "petition_signatures", [
        {"petition_id": signature.petition_id, "name": signature.name, "email": signature.email,
         "signed_at": signature.created_at.isoformat(), "valid": signature.is_valid}
        for signature in signatures
    ]
