"""A manager adds a colleague from the Staff page, passes on the one-time password, and later disables them:
JavaScript off, members found by the contract's `data-staff` hooks."""

import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from conftest import chromium
from test_journeys import flash, one, sign_in, some


def submit(browser, button) -> None:
    """Presses a form's button and waits for the page it leads to."""
    old_page = one(browser, "html")
    button.click()
    WebDriverWait(browser, 15).until(lambda b: old_page.id != one(b, "html").id, "the form led nowhere")


def sign_in_as(browser, deskflow, email: str, password: str) -> None:
    browser.get(deskflow.url("/login"))
    one(browser, "#email").send_keys(email)
    one(browser, "#password").send_keys(password)
    submit(browser, one(browser, 'form[action="/login"] button[type="submit"]'))


def member_row(browser, email: str):
    return one(browser, f'tr[data-email="{email}"]')


def test_add_a_member_and_disable_them(browser, deskflow):
    email = f"nadia-{uuid.uuid4().hex[:8]}@example.com"

    # The manager opens Staff from the navigation and adds Nadia as a viewer.
    sign_in(browser, deskflow)
    assert some(browser, 'nav a[href="/staff"]'), "managers have a Staff link"
    browser.get(deskflow.url("/staff"))
    assert one(browser, "h1").text == "Staff"
    one(browser, "#email").send_keys(email)
    one(browser, "#name").send_keys("Nadia Novak")
    Select(one(browser, "#role")).select_by_value("viewer")
    submit(browser, one(browser, 'form[action="/staff"] button[type="submit"]'))

    # Her one-time password is shown once, with her row in the list.
    assert "was added as a viewer" in flash(browser)
    password = one(browser, "[data-one-time-password] [data-password]").text
    assert len(password) == 16
    row = member_row(browser, email)
    assert (row.get_attribute("data-role"), row.get_attribute("data-state")) == ("viewer", "active")
    browser.get(deskflow.url("/staff"))
    assert not some(browser, "[data-password]"), "the password is not shown a second time"
    assert password not in browser.page_source

    # Nadia signs in with it in her own browser, and sees no Staff link.
    colleague = chromium(javascript=False)
    try:
        size = browser.get_window_size()
        colleague.set_window_size(size["width"], size["height"])
        sign_in_as(colleague, deskflow, email, password)
        assert colleague.current_url.endswith("/orders"), colleague.current_url
        assert not some(colleague, 'nav a[href="/staff"]')

        # The manager disables her, on the list as it is now.
        browser.get(deskflow.url("/staff"))
        row = member_row(browser, email)
        assert "Never" not in row.text, "her sign-in is recorded"
        submit(browser, row.find_element(By.CSS_SELECTOR, 'form[action$="/disable"] button'))
        assert "signed out everywhere" in flash(browser)
        assert member_row(browser, email).get_attribute("data-state") == "disabled"

        # Her session has ended: her next page is the sign-in page, and signing in again is refused, saying why.
        colleague.get(deskflow.url("/orders"))
        assert "/login" in colleague.current_url, colleague.current_url
        sign_in_as(colleague, deskflow, email, password)
        assert "/login" in colleague.current_url
        assert "disabled" in one(colleague, "main").text
    finally:
        colleague.quit()
