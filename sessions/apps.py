"""App config: label "council" because Django's own sessions app owns the label "sessions"."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cms.modules import EDIT_PAGES, Api, CachedPages, Grant, HomeSlot, Manifest, OpenDataSet, Urls

# The council's reference data and pages, run by the secretariat.
REFERENCE_MODELS = ("convocation", "faction", "committee", "electoraldistrict", "department", "calendarday",
                    "decisiontopic", "receptionschedule", "deputyreport", "addressrecord")
PAGE_TYPES = ("council.DeputyIndexPage", "council.SessionIndexPage", "council.DraftDecisionIndexPage",
              "council.DecisionIndexPage")


class CouncilConfig(AppConfig):
    name = "sessions"
    label = "council"
    verbose_name = _("Council")
    manifest = Manifest(
        search_types="sessions.search_types.SEARCH_TYPES",
        # Shown on many pages at once (faction, committee and district names on every deputy, session and vote;
        # topics on decisions; working days in every deadline; reports and reception hours on deputies' pages and
        # lists) and changed rarely: every page is purged rather than each one worked out.
        cached_pages=(CachedPages(models=tuple(f"council.{name}" for name in (
            "Convocation", "Faction", "Committee", "CommitteeMembership", "ElectoralDistrict", "Department",
            "CalendarDay", "DecisionTopic", "DeputyReport", "ReceptionSchedule", "ReceptionSlot")),
            addresses="sessions.selectors.every_page"),),
        api=(Api("/council/", "sessions.api.router"),),
        urls=(Urls("vidkryti-dani/rada/", "sessions.urls"),),
        roles={
            "council_secretariat": Grant(
                models=("council.import_deputies", "council.add_voteevent", "council.change_voteevent",
                        "council.view_voteevent", "council.delete_voteevent",
                        *[f"council.{action}_{model}" for model in REFERENCE_MODELS
                          for action in ("add", "change", "delete", "view")]),
                pages={page_type: EDIT_PAGES for page_type in PAGE_TYPES}),
            # Live and archived streams of sessions: the press office edits existing sessions.
            "press_office": Grant(pages={"council.SessionIndexPage": ("change_page", "publish_page")}),
            # Departments prepare drafts; the secretariat approves them before publication (workflow).
            "executors": Grant(pages={"council.DraftDecisionIndexPage": ("add_page", "change_page")}),
        },
        home_slots=(HomeSlot("council_session", _("Council: live or next session"),
                             "sessions.home_slot.render_session_slot"),),
        open_data=tuple(OpenDataSet(key, title, "sessions.opendata.dataset_urls") for key, title in (
            ("votes-convocations", _("Convocations of the council")), ("votes-sessions", _("Council sessions")),
            ("votes-motions", _("Questions put to the vote")), ("votes-voteEvents", _("Roll-call votes with totals")),
            ("votes-votings", _("Each deputy's votes")), ("deputies", _("Deputies")))),
        demo="sessions.demo.seed",
        working_day_corrections="sessions.selectors.calendar_corrections",
    )

    def ready(self):
        from . import signals, webhooks  # noqa: F401  (register receivers and webhook events)
