"""The resident's budget data in their personal-data export: projects, voter profile, that they voted — never
what they chose (the choices are in "my ballot" on the portal, which only their own session can open)."""
from .models import BudgetParticipation, BudgetProject, VoterProfile


def export_budget(user):
    profile = VoterProfile.objects.filter(user=user).select_related("district").first()
    return "participatory_budget", {
        "projects": [{"id": project.pk, "campaign_id": project.campaign_id, "title": project.title,
                      "status": project.status, "cost": project.cost, "created_at": project.created_at.isoformat()}
                     for project in BudgetProject.objects.filter(author=user).order_by("created_at")],
        "voter_profile": None if profile is None else {
            "birth_date": profile.birth_date.isoformat() if profile.birth_date else None,
            "district": profile.district.name if profile.district else None,
            "residency_declared": profile.residency_declared, "residency_verified": profile.residency_verified},
        "voted_in": [{"campaign_id": row.campaign_id, "channel": row.channel, "date": row.voted_on.isoformat()}
                     for row in BudgetParticipation.objects.filter(user=user).order_by("voted_on")],
    }
