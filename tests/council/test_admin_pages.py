"""Page types in the admin: tree rules, the secretariat creates and edits council pages, the press office edits
sessions (streams) only, deputies no council pages."""
import pytest
from django.urls import reverse

from cms.roles import setup_roles
from sessions.models import (
    DecisionIndexPage,
    DecisionPage,
    DeputyIndexPage,
    DeputyPage,
    DraftDecisionIndexPage,
    DraftDecisionPage,
    SessionIndexPage,
    SessionPage,
)
from tests.factories import login_with_mfa

from .conftest import assert_refused, staff
from .factories import (
    DecisionIndexPageFactory,
    DraftDecisionIndexPageFactory,
    SessionIndexPageFactory,
    SessionPageFactory,
)


@pytest.mark.parametrize(("index", "page"), [(DeputyIndexPage, DeputyPage), (SessionIndexPage, SessionPage),
                                             (DraftDecisionIndexPage, DraftDecisionPage),
                                             (DecisionIndexPage, DecisionPage)])
def test_page_tree_rules(index, page):
    assert index.allowed_subpage_models() == [page]
    assert page.allowed_parent_page_models() == [index]
    assert page.allowed_subpage_models() == []
    # HomePage.subpage_types (home app) must list the four council indexes for editors to add them there.
    assert index.parent_page_types == ["home.HomePage"]


@pytest.fixture
def council_tree(home_page, deputy_index, convocation, roles):
    tree = {"deputies": deputy_index, "sessions": SessionIndexPageFactory(parent=home_page),
            "drafts": DraftDecisionIndexPageFactory(parent=home_page),
            "decisions": DecisionIndexPageFactory(parent=home_page)}
    tree["session"] = SessionPageFactory(parent=tree["sessions"], convocation=convocation)
    setup_roles()
    return tree


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=["council", model._meta.model_name, parent.pk])


def test_the_secretariat_opens_every_council_editor(client, council_tree):
    login_with_mfa(client, staff("council_secretariat"))
    for model, parent in [(DeputyPage, "deputies"), (SessionPage, "sessions"), (DraftDecisionPage, "drafts"),
                          (DecisionPage, "decisions")]:
        assert client.get(add_url(model, council_tree[parent])).status_code == 200, model
    html = client.get(reverse("wagtailadmin_pages:edit", args=[council_tree["session"].pk])).content.decode()
    assert "Порядок денний" in html and "Трансляція" in html  # the session's tabs


def test_the_press_office_edits_sessions_but_not_deputies(client, council_tree):
    login_with_mfa(client, staff("press_office"))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[council_tree["session"].pk])).status_code == 200
    assert_refused(client.get(add_url(DeputyPage, council_tree["deputies"])))
    assert_refused(client.get(add_url(DecisionPage, council_tree["decisions"])))


def test_deputies_cannot_edit_council_pages(client, council_tree):
    login_with_mfa(client, staff("deputies"))
    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=[council_tree["session"].pk])))
    assert_refused(client.get(add_url(DeputyPage, council_tree["deputies"])))
