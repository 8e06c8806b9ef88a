"""The consultation's admin form: checks the questionnaire as a whole (it imports no models at the top,
so the page model can name it as its base form)."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


def _kept_forms(formset):
    """Child forms that stay after saving: filled in and not marked for deletion."""
    return [form for form in formset.forms
            if form.has_changed() or form.instance.pk
            if not (hasattr(form, "cleaned_data") and form.cleaned_data.get("DELETE"))]


def _deleted_forms(formset):
    return [form for form in formset.forms
            if form.instance.pk and hasattr(form, "cleaned_data") and form.cleaned_data.get("DELETE")]


class ConsultationPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        questions = self.formsets.get("questions")
        if questions is None or not questions.is_valid():
            return cleaned_data  # the formset shows its own errors
        for form in _kept_forms(questions):
            options = form.formsets["options"]
            if options.is_valid() and len(_kept_forms(options)) < 2:
                self.add_error(None, _("Give at least two options for the question «%(question)s».") % {
                    "question": form.cleaned_data.get("text", "")})
        if self.instance.pk and self._has_responses():
            self._check_questionnaire_unchanged(questions)
        return cleaned_data

    def _has_responses(self) -> bool:
        from .models import ConsultationResponse

        return ConsultationResponse.objects.filter(consultation_id=self.instance.pk).exists()

    def _check_questionnaire_unchanged(self, questions) -> None:
        """Residents have answered: the questions and options they chose between must stay the same."""
        changed = bool(_deleted_forms(questions))
        for form in _kept_forms(questions):
            if not form.instance.pk or "kind" in form.changed_data:
                changed = True
                break
            options = form.formsets["options"]
            if not options.is_valid() or _deleted_forms(options) or any(
                    not option.instance.pk for option in _kept_forms(options)):
                changed = True
                break
        if changed:
            raise ValidationError(_(
                "Residents have already answered the questionnaire, so its questions and options can no longer "
                "be added, removed or changed in kind. You may still correct their wording."))
