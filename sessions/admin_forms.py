"""Admin forms of council pages: the decision form's «Змінює»/«Скасовує» pickers name each decision by its number
and date, not only by its title (many decisions share a title such as «Про внесення змін до бюджету»)."""
from wagtail.admin.forms import WagtailAdminPageForm


def decision_label(decision) -> str:
    return f"№ {decision.number} від {decision.date:%d.%m.%Y} — {decision.title}"


class DecisionPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("amends", "repeals"):
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.order_by("-date", "number")
                field.label_from_instance = decision_label
