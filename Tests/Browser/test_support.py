"""Contact support in Chromium with JavaScript off: a manager hands a processing error to support with its
diagnostics, on a server started with --support-email, and sees where it went. Without the option the action is
shown disabled, saying how to turn it on."""

import os
import queue
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import (
    PACKAGE_ROOT, Deskflow, deskflow_binary, free_loopback_port, read_lines_into, wait_for_sign_in, wait_until_healthy,
)
from keyboard import activate, focused, press, tab_to
from test_journeys import flash, main_data, one, open_order_from_list, sign_in, some

SUPPORT = "support@example.com"
NOT_CONFIGURED = "Start Deskflow with --support-email ADDRESS to send requests to your support team."
# The delivery worker sends the outbox every two seconds; this is how long a journey waits for it at most.
DELIVERY_SECONDS = 30


@pytest.fixture(scope="session")
def deskflow_with_support():
    """The demo store served with `--support-email support@example.com`; its mail goes to mail/ beside the database."""
    with tempfile.TemporaryDirectory(prefix="deskflow-support-") as folder:
        port = free_loopback_port()
        database = Path(folder) / "deskflow.sqlite"
        server = subprocess.Popen(
            [str(deskflow_binary()), "serve", "--demo", "--port", str(port), "--database", str(database),
             "--root", str(PACKAGE_ROOT), "--support-email", SUPPORT],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "LOG_LEVEL": "warning"})
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=read_lines_into, args=(server.stdout, lines), daemon=True).start()
        try:
            email, password = wait_for_sign_in(server, lines)
            base_url = f"http://127.0.0.1:{port}"
            wait_until_healthy(base_url)
            yield Deskflow(base_url=base_url, email=email, password=password, database=database)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def open_processing_error(browser, deskflow) -> int:
    """Signs in, takes the Processing error tab of the orders list and opens its first order."""
    sign_in(browser, deskflow)
    activate(browser, one(browser, 'a[data-filter="processing_error"]'))
    assert "status=processing_error" in browser.current_url
    return open_order_from_list(browser, 'tr[data-issue="processing_error"]')


def open_menu(browser):
    menu = one(browser, "details.menu")
    activate(browser, menu.find_element(By.CSS_SELECTOR, "summary"), navigates=False)
    assert menu.get_attribute("open") is not None, "Enter on the summary opens the menu"
    return menu


def test_a_processing_error_is_handed_to_support_with_its_diagnostics(browser, deskflow_with_support):
    deskflow = deskflow_with_support
    number = open_processing_error(browser, deskflow)
    assert one(browser, f'[data-issue-banner="processing_error"] a[href="/orders/{number}/support"]').is_displayed()

    menu = open_menu(browser)
    activate(browser, menu.find_element(By.CSS_SELECTOR, f'a[href="/orders/{number}/support"]'))
    assert browser.current_url.endswith(f"/orders/{number}/support")
    dialog = one(browser, '[role="dialog"]')
    assert dialog.get_attribute("aria-modal") == "true"
    assert focused(browser) == one(browser, "#dialog-title"), "the dialog's heading takes focus when it opens"
    assert SUPPORT in dialog.text
    subject = one(browser, "#subject").get_attribute("value")
    assert subject.startswith(f"Order {number}: processing error ")
    body = one(browser, "#body")
    prefilled = body.get_attribute("value")
    for part in (f"Order: #{number} (/orders/{number})", "Attempt history, oldest first:", "Shipping address:",
                 "Lines:", "Already tried:"):
        assert part in prefilled, f"the diagnostics hold {part!r}"

    # The manager adds a sentence of their own at the end, then sends.
    tab_to(browser, body)
    press(browser, Keys.CONTROL, Keys.END)
    press(browser, Keys.ENTER, "The customer confirmed the address by phone.")
    activate(browser, one(browser, '[role="dialog"] button[type="submit"]'))

    assert browser.current_url.endswith(f"/orders/{number}"), browser.current_url
    assert flash(browser).startswith(f"Sent to {SUPPORT}.")
    assert not some(browser, '[role="dialog"]')
    assert some(browser, 'li[data-event="support_requested"]')
    assert main_data(browser, "issue") == "processing_error", "asking support leaves the failure open"

    # It is listed with the notifications, and goes out through the delivery worker.
    row_selector = f'tr[data-notification][data-order="{number}"][data-kind="support_request"]'
    deadline = time.monotonic() + DELIVERY_SECONDS
    while True:
        browser.get(deskflow.url("/notifications"))
        row = one(browser, row_selector)
        if row.get_attribute("data-state") == "sent" or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert row.get_attribute("data-state") == "sent"
    notification = row.get_attribute("data-notification")
    activate(browser, row.find_element(By.CSS_SELECTOR, f'a[href="/notifications/{notification}"]'))
    page = one(browser, "main").text
    assert SUPPORT in page
    assert "The customer confirmed the address by phone." in page

    mail = deskflow.database.parent / "mail"
    sent = [path.read_bytes().decode("utf-8") for path in mail.glob(f"outbox-{notification}.*.eml")]
    assert len(sent) == 1
    headers = sent[0].split("\n\n", 1)[0].splitlines()
    assert f"To: {SUPPORT}" in headers
    assert any(line.startswith("Reply-To: ") for line in headers)


def test_without_a_support_address_the_action_says_how_to_set_one(browser, deskflow):
    number = open_processing_error(browser, deskflow)
    banner = one(browser, '[data-issue-banner="processing_error"]')
    assert NOT_CONFIGURED in banner.text
    assert not some(browser, f'a[href="/orders/{number}/support"]')
    menu = open_menu(browser)
    disabled = [item for item in menu.find_elements(By.CSS_SELECTOR, '[aria-disabled="true"]')
                if item.text.startswith("Contact support")]
    assert len(disabled) == 1 and NOT_CONFIGURED in disabled[0].text

    browser.get(deskflow.url(f"/orders/{number}/support"))
    assert NOT_CONFIGURED in one(browser, "main").text
    assert not some(browser, '[role="dialog"]')
