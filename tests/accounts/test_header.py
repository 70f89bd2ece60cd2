"""The account area of every page's header: a link to log in, or the user's
name, their profile and a button to log out; plain HTML, no JavaScript."""

from __future__ import annotations

from tests.base import PersonasTestCase


class HeaderTests(PersonasTestCase):
    def page(self, client, path: str = "/red-demo/2017/"):
        return client.get(path, headers={"accept-language": "en"})

    def test_bruno_sees_a_link_to_log_in_that_brings_him_back(self):
        response = self.page(self.bruno)

        self.assertContains(response, '<nav class="account-area" aria-label="Your account">')
        self.assertContains(
            response, '<a href="/accounts/login/?next=/red-demo/2017/">Log in</a>', html=True
        )
        self.assertNotContains(response, "Log out")

    def test_on_the_login_page_the_link_points_to_itself_without_a_destination(self):
        response = self.page(self.bruno, "/accounts/login/")

        self.assertContains(
            response, '<a href="/accounts/login/" aria-current="page">Log in</a>', html=True
        )

    def test_pedro_sees_his_name_his_profile_and_a_logout_button(self):
        response = self.page(self.client_for(self.coordinator))

        self.assertContains(response, "Logged in as")
        self.assertContains(response, "Pedro")
        self.assertContains(response, '<a href="/accounts/profile/">Your profile</a>', html=True)
        html = response.content.decode()
        form = html[html.index('<form class="account-area__logout"') :]
        form = form[: form.index("</form>")]
        assert 'action="/accounts/logout/" method="post"' in form
        assert 'name="csrfmiddlewaretoken"' in form
        assert '<button type="submit">Log out</button>' in form
        self.assertNotContains(response, "/admin/")

    def test_without_a_first_name_the_username_is_shown(self):
        self.viewer.first_name = ""
        self.viewer.save()

        response = self.page(self.client_for(self.viewer))

        self.assertContains(response, "</span>vera</li>")

    def test_the_secretariat_also_gets_a_link_to_the_administration(self):
        response = self.page(self.client_for(self.secretariat))

        self.assertContains(response, '<a href="/admin/">Administration</a>', html=True)

    def test_the_header_is_in_the_error_pages_too(self):
        response = self.page(self.client_for(self.coordinator), "/red-demo/1999/")

        assert response.status_code == 404
        self.assertContains(response, "Log out", status_code=404)


class SiteMenuTests(PersonasTestCase):
    """The main menu and the site's icon, on every page."""

    def test_a_networks_pages_link_to_its_meetings_in_the_menu(self):
        for path in ("/red-demo/", "/red-demo/2017/", "/red-demo/2017/1.1.i/"):
            response = self.bruno.get(path, headers={"accept-language": "en"})
            self.assertContains(response, '<a href="/red-demo/meetings/">Meetings</a>', html=True)

    def test_on_the_meetings_page_the_menu_marks_it_current(self):
        response = self.bruno.get("/red-demo/meetings/", headers={"accept-language": "en"})

        self.assertContains(
            response, '<a href="/red-demo/meetings/" aria-current="page">Meetings</a>', html=True
        )

    def test_every_page_names_the_sites_icon_which_the_app_serves(self):
        from django.contrib.staticfiles import finders

        response = self.bruno.get("/")

        self.assertContains(response, 'rel="icon" href="/static/planea/favicon.svg"')
        assert finders.find("planea/favicon.svg")
        redirect = self.bruno.get("/favicon.ico")
        assert (redirect.status_code, redirect["Location"]) == (301, "/static/planea/favicon.svg")
