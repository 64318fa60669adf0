"""A store manager's journeys through Deskflow in Chromium with JavaScript off, by keyboard wherever a person
would use one. Orders are found through the contract's `data-` hooks, never by wording or position."""

import uuid
from decimal import Decimal

import requests

from selenium.common.exceptions import NoSuchElementException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from keyboard import activate, assert_focus_visible, describe, focused, press, replace_text, tab_to


def one(browser, selector: str):
    return browser.find_element(By.CSS_SELECTOR, selector)


def some(browser, selector: str):
    return browser.find_elements(By.CSS_SELECTOR, selector)


def main_data(browser, name: str) -> str:
    return one(browser, "main").get_attribute(f"data-{name}")


def money_minor(browser, field: str) -> int:
    return int(one(browser, f'dd[data-field="{field}"]').get_attribute("data-minor"))


def flash(browser) -> str:
    return one(browser, 'div.flash[role="status"]').text


def stock(browser, deskflow, skus) -> dict:
    """(on hand, available) per SKU from the Inventory page."""
    browser.get(deskflow.url("/inventory"))
    rows = {sku: one(browser, f'tr[data-sku="{sku}"]') for sku in skus}
    return {sku: (int(row.get_attribute("data-on-hand")), int(row.get_attribute("data-available"))) for sku, row in rows.items()}


def sign_in(browser, deskflow) -> None:
    browser.get(deskflow.url("/orders"))
    assert "/login" in browser.current_url, "a signed-out visitor is sent to the sign-in page"
    email = focused(browser)
    assert email.get_attribute("id") == "email", "the sign-in page puts focus on the email field"
    email.send_keys(deskflow.email)
    press(browser, Keys.TAB)
    password = focused(browser)
    assert password.get_attribute("id") == "password"
    assert_focus_visible(password)
    password.send_keys(deskflow.password, Keys.ENTER)
    # Enter in a field does not wait for the navigation it starts; the address changes before the page has loaded.
    WebDriverWait(browser, 15).until(
        lambda b: b.current_url.endswith("/orders") and b.find_elements(By.CSS_SELECTOR, "h1"),
        f"signing in did not lead to the orders list (at {browser.current_url})")
    assert one(browser, "h1").text == "Orders"


def open_order_from_list(browser, row_selector: str) -> int:
    """Tabs to the row's View link and follows it with Enter."""
    row = one(browser, row_selector)
    number = int(row.get_attribute("data-order"))
    activate(browser, row.find_element(By.CSS_SELECTOR, f'a[href="/orders/{number}"]'))
    assert main_data(browser, "order") == str(number)
    return number


def open_cancel_dialog_by_menu(browser) -> None:
    """Opens the three-dot menu (a <details>) with Enter and follows its Cancel order link."""
    menu = one(browser, "details.menu")
    assert menu.get_attribute("open") is None
    activate(browser, menu.find_element(By.CSS_SELECTOR, "summary"), navigates=False)
    assert menu.get_attribute("open") is not None, "Enter on the summary opens the menu"
    number = main_data(browser, "order")
    activate(browser, menu.find_element(By.CSS_SELECTOR, f'a[href="/orders/{number}/cancel"]'))
    assert browser.current_url.endswith(f"/orders/{number}/cancel")
    dialog = one(browser, '[role="dialog"]')
    assert dialog.get_attribute("aria-modal") == "true"
    assert focused(browser) == one(browser, "#cancel-title"), "the dialog's heading takes focus when it opens"


def cancellable_paid_order(browser, deskflow) -> str:
    browser.get(deskflow.url("/orders?status=processing"))
    return ('tr[data-status="processing"][data-payment-status="paid"]'
            '[data-fulfillment-status="unfulfilled"][data-issue=""]')


def test_javascript_is_off(browser):
    browser.get("data:text/html,<title>before</title><script>document.title = 'script ran'</script>")
    assert browser.title == "before"


def test_failed_payment_from_the_queue_to_resolved(browser, deskflow):
    sign_in(browser, deskflow)
    attention = one(browser, 'a[data-filter="needs_attention"]')
    waiting = int(attention.find_element(By.CSS_SELECTOR, ".count").text)
    activate(browser, attention)
    assert "status=needs_attention" in browser.current_url
    rows = some(browser, "tr[data-order]")
    assert rows and all(row.get_attribute("data-issue") for row in rows), "the queue holds only orders with an issue"

    number = open_order_from_list(browser, 'tr[data-issue="payment_failed"]')
    assert one(browser, '[data-issue-banner="payment_failed"]').is_displayed()

    activate(browser, one(browser, f'.resolutions a[href="/orders/{number}/payment/method"]'))
    assert focused(browser) == one(browser, "#dialog-title")
    method = one(browser, "#payment_method")
    tab_to(browser, method)
    press(browser, Keys.ARROW_DOWN)
    assert Select(method).first_selected_option.get_attribute("value") == "visa-4242"
    activate(browser, one(browser, '[role="dialog"] button[type="submit"]'))
    assert browser.current_url.endswith(f"/orders/{number}"), browser.current_url
    assert "4242" in flash(browser)
    assert main_data(browser, "issue") == "payment_failed", "recording a method alone does not charge"

    activate(browser, one(browser, f'.resolutions form[action="/orders/{number}/payment/retry"] button'), Keys.SPACE)
    assert browser.current_url.endswith(f"/orders/{number}")
    assert flash(browser)
    assert main_data(browser, "payment-status") == "paid"
    assert main_data(browser, "issue") == ""
    assert some(browser, 'li[data-event="payment_captured"]') or some(browser, 'li[data-event="payment_authorized"]')
    assert not some(browser, "[data-issue-banner]")

    browser.get(deskflow.url("/orders?status=needs_attention"))
    assert int(one(browser, 'a[data-filter="needs_attention"] .count').text) == waiting - 1
    assert not some(browser, f'tr[data-order="{number}"]'), "the resolved order has left the queue"


def test_cancel_with_a_partial_refund_and_no_email(browser, deskflow):
    sign_in(browser, deskflow)
    row = one(browser, cancellable_paid_order(browser, deskflow))
    number = row.get_attribute("data-order")
    browser.get(deskflow.url(f"/orders/{number}"))
    lines = {line.get_attribute("data-sku"): int(line.get_attribute("data-quantity")) for line in some(browser, "tr[data-sku]")}
    before = stock(browser, deskflow, lines)

    browser.get(deskflow.url("/orders"))
    open_order_from_list(browser, f'tr[data-order="{number}"]')
    refundable = money_minor(browser, "refundable")
    partial = refundable // 2
    open_cancel_dialog_by_menu(browser)

    amount = one(browser, "#refund_amount")
    replace_text(browser, amount, str(Decimal(partial) / 100))
    assert amount.get_attribute("value") == str(Decimal(partial) / 100)
    notify = one(browser, "#notify_customer")
    tab_to(browser, notify)
    assert notify.is_selected()
    press(browser, Keys.SPACE)
    assert not notify.is_selected(), "Space unticks the checkbox"
    reason = one(browser, "#reason")
    tab_to(browser, reason)
    press(browser, Keys.ARROW_DOWN)
    assert Select(reason).first_selected_option.get_attribute("value") != ""
    activate(browser, one(browser, '[role="dialog"] button[type="submit"]'))

    assert browser.current_url.endswith(f"/orders/{number}"), browser.current_url
    assert "cancel" in flash(browser).lower()
    assert main_data(browser, "status") == "cancelled"
    assert money_minor(browser, "refunded") == partial
    assert some(browser, 'li[data-event="order_cancelled"]')
    assert some(browser, 'li[data-event="refund_succeeded"]')
    assert not some(browser, '[role="dialog"]')
    browser.refresh()
    assert not some(browser, "div.flash"), "the flash shows once"

    # The order was not shipped, so its units were only reserved: cancelling frees them for other orders.
    after = stock(browser, deskflow, lines)
    expected = {sku: (before[sku][0], before[sku][1] + quantity) for sku, quantity in lines.items()}
    assert after == expected, "the items are back in stock"
    browser.get(deskflow.url("/notifications"))
    assert not some(browser, f'tr[data-notification][data-order="{number}"]'), "no email when Notify is unticked"


def test_a_bad_amount_is_explained_beside_the_field_and_the_values_are_kept(browser, deskflow):
    sign_in(browser, deskflow)
    number = one(browser, cancellable_paid_order(browser, deskflow)).get_attribute("data-order")
    browser.get(deskflow.url(f"/orders/{number}/cancel"))
    replace_text(browser, one(browser, "#refund_amount"), "12,34abc")
    Select(one(browser, "#reason")).select_by_index(2)
    chosen = Select(one(browser, "#reason")).first_selected_option.get_attribute("value")
    one(browser, "#note").send_keys("Customer phoned twice")
    activate(browser, one(browser, '[role="dialog"] button[type="submit"]'))

    summary = one(browser, ".error-summary")
    assert focused(browser) == summary, "the error summary takes focus"
    assert summary.find_element(By.CSS_SELECTOR, 'a[href="#refund_amount"]')
    error = one(browser, "#refund_amount-error")
    amount = one(browser, "#refund_amount")
    assert error.is_displayed() and error.text
    assert "refund_amount-error" in amount.get_attribute("aria-describedby").split()
    assert amount.get_attribute("aria-invalid") == "true"
    assert amount.get_attribute("value") == "12,34abc"
    assert Select(one(browser, "#reason")).first_selected_option.get_attribute("value") == chosen
    assert one(browser, "#note").get_attribute("value") == "Customer phoned twice"
    assert main_data(browser, "status") == "processing", "nothing changed"


def test_keep_order_closes_the_dialog(browser, deskflow):
    sign_in(browser, deskflow)
    number = open_order_from_list(browser, cancellable_paid_order(browser, deskflow))
    open_cancel_dialog_by_menu(browser)
    keep = one(browser, f'[role="dialog"] a[href="/orders/{number}"]')
    assert keep.text == "Keep order"
    activate(browser, keep)
    assert browser.current_url.endswith(f"/orders/{number}")
    assert not some(browser, '[role="dialog"]')
    assert main_data(browser, "status") == "processing"


def test_the_page_behind_an_open_dialog_is_out_of_reach(browser, deskflow):
    sign_in(browser, deskflow)
    number = one(browser, cancellable_paid_order(browser, deskflow)).get_attribute("data-order")
    browser.get(deskflow.url(f"/orders/{number}/cancel"))
    inside_dialog = one(browser, '[role="dialog"]').find_elements(By.XPATH, ".//*")
    controls = [element for element in inside_dialog
                if element.tag_name in ("a", "button", "input", "select", "textarea", "summary")
                and element.is_displayed() and element.is_enabled() and element.get_attribute("type") != "hidden"
                and (element.tag_name != "a" or element.get_attribute("href"))]
    reached = []
    for _ in range(2 * len(controls) + 10):
        press(browser, Keys.TAB)
        element = focused(browser)
        if element.tag_name == "body" or element.get_attribute("class") == "skip-link":
            continue
        assert element in inside_dialog, f"Tab reached <{element.tag_name}> behind the dialog"
        reached.append(element)
    # Tab really moves: it visits every control of the dialog, and comes round to the first again.
    missed = [describe(control) for control in controls if control not in reached]
    assert not missed, f"Tab never reached {missed}"
    assert reached.count(reached[0]) >= 2, "Tab did not come round to the dialog's first control again"


def test_sign_out(browser, deskflow):
    sign_in(browser, deskflow)
    activate(browser, one(browser, '.site-header form[action="/logout"] button'))
    assert "/login" in browser.current_url
    browser.get(deskflow.url("/orders"))
    assert "/login" in browser.current_url, "the session is gone"
    try:
        one(browser, ".site-nav")
        raise AssertionError("the signed-out page shows the staff navigation")
    except NoSuchElementException:
        pass


def test_an_order_placed_through_the_api_is_found_and_cancelled(browser, deskflow, storefront_token):
    email = f"api.{uuid.uuid4().hex[:8]}@example.com"
    body = {
        "currency": "USD",
        "customer": {"name": "Ines Storefront", "email": email},
        "shipping_address": {"name": "Ines Storefront", "line1": "3 Harbour Rd", "city": "Portland", "region": "OR",
                             "postal_code": "97201", "country": "US"},
        "lines": [{"sku": "MUG-CER-01", "quantity": 1, "unit_price_minor": 1800}],
        "shipping_minor": 500, "tax_minor": 0,
        "payment": {"provider": "simulated", "method": {"brand": "Visa", "last4": "4242"}, "status": "paid",
                    "amount_minor": 2300},
    }
    placed = requests.post(deskflow.url("/api/v1/orders"), json=body, timeout=30, headers={
        "Authorization": f"Bearer {storefront_token}", "Idempotency-Key": str(uuid.uuid4())})
    assert placed.status_code == 201, placed.text
    number = placed.json()["number"]

    sign_in(browser, deskflow)
    search = one(browser, 'input[name="q"]')
    tab_to(browser, search)
    search.send_keys(email, Keys.ENTER)
    WebDriverWait(browser, 15).until(lambda b: "q=" in b.current_url, "the search did not run")
    open_order_from_list(browser, f'tr[data-order="{number}"]')
    assert some(browser, 'li[data-event="order_placed"]')
    open_cancel_dialog_by_menu(browser)
    reason = one(browser, "#reason")
    tab_to(browser, reason)
    press(browser, Keys.ARROW_DOWN)
    activate(browser, one(browser, '[role="dialog"] button[type="submit"]'))
    assert browser.current_url.endswith(f"/orders/{number}"), browser.current_url
    assert main_data(browser, "status") == "cancelled"
    assert money_minor(browser, "refunded") == 2300, "the full amount went back through the simulated provider"
    assert requests.get(deskflow.url(f"/api/v1/orders/{number}"), timeout=30, headers={
        "Authorization": f"Bearer {storefront_token}"}).json()["status"] == "cancelled"
