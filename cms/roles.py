"""Staff roles as Wagtail groups, created idempotently by `manage.py setup_roles`.

The kernel names the roles (the groups staff are put in) and their admin and media rights; each module gives the
roles its own permissions in its manifest (cms.modules.Grant: model permissions by "app_label.codename", page
permissions on every page of the listed page types), so a module's boundaries stay with the module."""
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from .modules import modules

ADMIN_ACCESS = "wagtailadmin.access_admin"
MEDIA_PERMISSIONS = ["add", "change", "choose"]


@dataclass
class Role:
    key: str
    name: str
    images: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)

    @property
    def model_permissions(self) -> list[str]:
        """Admin access and what every installed module grants this role."""
        granted = [ADMIN_ACCESS]
        for _config, manifest in modules():
            grant = manifest.roles.get(self.key)
            if grant:
                granted += [name for name in grant.models if name not in granted]
        return granted

    @property
    def page_permissions(self) -> dict[str, list[str]]:
        """Page type label -> page permission codenames on every page of that type (and so its subtree)."""
        granted: dict[str, list[str]] = {}
        for _config, manifest in modules():
            grant = manifest.roles.get(self.key)
            for page_type, codenames in (grant.pages.items() if grant else ()):
                known = granted.setdefault(page_type, [])
                known += [codename for codename in codenames if codename not in known]
        return granted


ROLES: dict[str, Role] = {
    "press_office": Role(key="press_office", name="Прес-служба", images=MEDIA_PERMISSIONS,
                         documents=MEDIA_PERMISSIONS),
    "site_editors": Role(key="site_editors", name="Редактори сайту", images=MEDIA_PERMISSIONS + ["delete"],
                         documents=MEDIA_PERMISSIONS + ["delete"]),
    "council_secretariat": Role(key="council_secretariat", name="Секретаріат ради", images=["add", "choose"],
                                documents=MEDIA_PERMISSIONS),
    "regulatory_officer": Role(key="regulatory_officer", name="Регуляторна служба", images=["choose"],
                               documents=MEDIA_PERMISSIONS),
    "moderators": Role(key="moderators", name="Модератори"),
    "budget_commission": Role(key="budget_commission", name="Бюджетна комісія", documents=MEDIA_PERMISSIONS),
    "appeals_dispatchers": Role(key="appeals_dispatchers", name="Диспетчери звернень", documents=MEDIA_PERMISSIONS),
    "executors": Role(key="executors", name="Виконавці (служби міста)", documents=MEDIA_PERMISSIONS),
    "deputies": Role(key="deputies", name="Депутати", images=["add", "choose"], documents=["add", "choose"]),
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
