import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_in_bosnian_when_chosen(client):
    client.cookies["django_language"] = "bs"
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="bs">' in body
    assert "Prijava" in body and "Korisničko ime" in body and "Lozinka" in body


def test_language_switcher_sets_bosnian(client):
    response = client.post(reverse("set_language"), {"language": "bs", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert "Prijava" in client.get(reverse("login")).content.decode()


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("institutions:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_with_the_form_then_logout(client, secretariat):
    response = client.post(reverse("login"), {"username": "sec", "password": "pw"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_repeated_failed_logins_lock_the_account_out(client, secretariat, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "sec", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "sec", "password": "pw"})
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_sends_a_link_that_works(client, secretariat):
    client.post(reverse("password_reset"), {"email": secretariat.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [secretariat.email]
    assert "reset your password" in message.subject
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-pass-2014", "new_password2": "a-long-new-pass-2014"},
    )
    assert done.status_code == 302
    secretariat.refresh_from_db()
    assert secretariat.check_password("a-long-new-pass-2014")


def test_password_change(client_for, representative):
    client = client_for(representative)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw",
            "new_password1": "Konjic-4-march",
            "new_password2": "Konjic-4-march",
        },
    )
    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.check_password("Konjic-4-march")


def test_account_page_lists_own_links(client_for, representative):
    body = client_for(representative).get(reverse("account")).content.decode()
    assert reverse("institutions:my_contact") in body
    assert "Agency for Statistics of BiH" in body


def test_error_pages_use_the_portal_layout(client_for, coordinator):
    response = client_for(coordinator).get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
