"""The resident's questionnaire answers in their personal-data export."""
from .models import ConsultationAnswer


def export_consultation_answers(user):
    answers = (ConsultationAnswer.objects.filter(response__user=user)
               .select_related("response__consultation", "question", "option")
               .order_by("response__created_at", "pk"))
    return "consultation_answers", [
        {"consultation": answer.response.consultation.title, "answered_at": answer.response.created_at.isoformat(),
         "question": answer.question.text, "option": answer.option.text}
        for answer in answers
    ]
