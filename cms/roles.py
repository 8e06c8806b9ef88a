"""Staff roles as Wagtail groups, created idempotently by `manage.py setup_roles`.

Each module adds its permissions to the roles here (model permissions by "app_label.codename",
page permissions on every page of the listed page types), so the boundaries stay in one place."""
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

ADMIN_ACCESS = "wagtailadmin.access_admin"
MEDIA_PERMISSIONS = ["add", "change", "choose"]


@dataclass
class Role:
    key: str
    name: str
    model_permissions: list[str] = field(default_factory=list)
    # page type label -> page permission codenames on every page of that type (and so its subtree)
    page_permissions: dict[str, list[str]] = field(default_factory=dict)
    images: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


# The council's reference data and pages, run by the secretariat (sessions app, label "council").
COUNCIL_REFERENCE_MODELS = ["convocation", "faction", "committee", "electoraldistrict", "department", "calendarday",
                            "decisiontopic", "receptionschedule", "deputyreport", "addressrecord"]
COUNCIL_PAGE_TYPES = ["council.DeputyIndexPage", "council.SessionIndexPage", "council.DraftDecisionIndexPage",
                      "council.DecisionIndexPage"]

# The city directory (objects on the map), kept current by the city's services and the site editors.
DIRECTORY_PERMISSIONS = ["directory.import_cityobject", "directory.change_correction", "directory.view_correction",
                         *[f"directory.{action}_{model}" for model in ("cityobject", "category")
                           for action in ("add", "change", "delete", "view")]]

ROLES: dict[str, Role] = {
    "press_office": Role(
        key="press_office",
        name="Прес-служба",
        model_permissions=[ADMIN_ACCESS, "home.add_newscategory", "home.change_newscategory",
                           "home.delete_newscategory"],
        page_permissions={
            "home.NewsIndexPage": ["add_page", "change_page", "publish_page", "lock_page"],
            "home.EventIndexPage": ["add_page", "change_page", "publish_page", "lock_page"],
            "consultations.ConsultationIndexPage": ["add_page", "change_page", "publish_page", "lock_page"],
            # Live and archived streams of sessions: the press office edits existing sessions.
            "council.SessionIndexPage": ["change_page", "publish_page"],
        },
        images=MEDIA_PERMISSIONS, documents=MEDIA_PERMISSIONS,
    ),
    "site_editors": Role(
        key="site_editors",
        name="Редактори сайту",
        model_permissions=[ADMIN_ACCESS, "home.change_portalsettings", "home.add_newscategory",
                           "home.change_newscategory", "home.delete_newscategory", *DIRECTORY_PERMISSIONS],
        page_permissions={"home.HomePage": ["add_page", "change_page", "publish_page", "lock_page"]},
        images=MEDIA_PERMISSIONS + ["delete"], documents=MEDIA_PERMISSIONS + ["delete"],
    ),
    "council_secretariat": Role(
        key="council_secretariat", name="Секретаріат ради",
        # Council reference data, pages and roll-call votes; petitions: answers, deadlines, and the signatures
        # (with e-mails) the council processes.
        model_permissions=[ADMIN_ACCESS, "council.import_deputies", "council.add_voteevent",
                           "council.change_voteevent", "council.view_voteevent", "council.delete_voteevent",
                           *[f"council.{action}_{model}" for model in COUNCIL_REFERENCE_MODELS
                             for action in ("add", "change", "delete", "view")],
                           "petitions.view_petition", "petitions.change_petition",
                           "petitions.answer_petition", "petitions.process_signatures", "petitions.view_signature",
                           "petitions.add_petitioncategory", "petitions.change_petitioncategory",
                           "petitions.view_petitioncategory", "petitions.change_petitionsettings"],
        page_permissions={page_type: ["add_page", "change_page", "publish_page", "lock_page"]
                          for page_type in COUNCIL_PAGE_TYPES},
        images=["add", "choose"], documents=MEDIA_PERMISSIONS,
    ),
    "regulatory_officer": Role(
        key="regulatory_officer", name="Регуляторна служба",
        # Acts name their developer from the council's one list of city departments; the service may add a
        # missing department there, while deleting one stays with the secretariat.
        model_permissions=[ADMIN_ACCESS, "council.add_department", "council.change_department",
                           "council.view_department"],
        page_permissions={
            "regulatory.RegulatoryActIndexPage": ["add_page", "change_page", "publish_page", "lock_page"],
        },
        images=["choose"], documents=MEDIA_PERMISSIONS,
    ),
    "moderators": Role(
        key="moderators", name="Модератори",
        model_permissions=[ADMIN_ACCESS, "participation.view_comment", "participation.change_comment",
                           "participation.moderate_comment", "participation.view_usersuspension",
                           "forum.view_forumtopic", "forum.change_forumtopic", "forum.moderate_forumtopic",
                           "forum.add_forumcategory", "forum.change_forumcategory", "forum.delete_forumcategory",
                           "forum.view_forumcategory",
                           "petitions.view_petition", "petitions.change_petition", "petitions.moderate_petition"],
    ),
    "budget_commission": Role(
        key="budget_commission", name="Бюджетна комісія", model_permissions=[ADMIN_ACCESS],
        documents=MEDIA_PERMISSIONS,
    ),
    "executors": Role(
        key="executors", name="Виконавці (служби міста)", model_permissions=[ADMIN_ACCESS, *DIRECTORY_PERMISSIONS],
        # Departments prepare drafts; the secretariat approves them before publication (workflow).
        page_permissions={"council.DraftDecisionIndexPage": ["add_page", "change_page"]},
        documents=MEDIA_PERMISSIONS,
    ),
    "deputies": Role(key="deputies", name="Депутати", model_permissions=[ADMIN_ACCESS], images=["add", "choose"]),
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _collection_permissions(group: Group, app_label: str, model: str, actions: list[str]) -> None:
    root = Collection.get_first_root_node()
    for action in actions:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


@transaction.atomic
def setup_roles() -> list[Group]:
    """Create or update every role's group; running it again changes nothing."""
    groups = []
    for role in ROLES.values():
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.add(*[_permission(dotted) for dotted in role.model_permissions])
        _collection_permissions(group, "wagtailimages", "image", role.images)
        _collection_permissions(group, "wagtaildocs", "document", role.documents)
        for page_type, codenames in role.page_permissions.items():
            model = apps.get_model(page_type)
            permissions = [_permission(f"wagtailcore.{codename}") for codename in codenames]
            for page in model.objects.all():
                for permission in permissions:
                    GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
        groups.append(group)
    return groups


def role_group(key: str) -> Group:
    return Group.objects.get(name=ROLES[key].name)
