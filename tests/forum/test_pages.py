"""ForumPage in the page tree: created by an editor through the admin's real form, then served to visitors."""
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from forum.models import ForumPage
from home.models import HomePage, NewsIndexPage
from tests.factories import UserFactory, activate_totp, login_with_mfa, site_with_home_page


class ForumPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = site_with_home_page()
        cls.admin = UserFactory(is_superuser=True, is_staff=True)
        activate_totp(cls.admin)

    def setUp(self):
        login_with_mfa(self.client, self.admin)

    def test_tree_rules(self):
        self.assertAllowedParentPageTypes(ForumPage, {HomePage})
        self.assertAllowedSubpageTypes(ForumPage, set())
        self.assertCanNotCreateAt(NewsIndexPage, ForumPage)

    def test_editor_creates_the_forum_and_visitors_see_it(self):
        data = nested_form_data({"title": "Форум громади", "slug": "forum", "intro": "Обговорюємо місто.",
                                 "comments": inline_formset([])})
        response = self.client.post(f"/admin/pages/add/forum/forumpage/{self.home.pk}/",
                                    {**data, "action-publish": "action-publish"})
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        page = ForumPage.objects.get()
        self.assertTrue(page.live)
        self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(page, "nova-tema/")
        # Wagtail's assertPageIsEditable logs in a user of its own, whom the two-factor rule stops: ask directly.
        self.assertEqual(self.client.get(f"/admin/pages/{page.pk}/edit/").status_code, 200)
        self.client.logout()
        self.assertContains(self.client.get("/forum/"), "Обговорюємо місто.")
