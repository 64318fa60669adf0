"""Refunding part of a fulfilled order without cancelling it, JavaScript off: the dialog from the three-dot menu,
Calculate re-rendered by the server, the refund, restock and the payment panel."""

from decimal import Decimal

from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from keyboard import activate, focused, replace_text
from test_journeys import main_data, money_minor, one, sign_in, some, stock, flash


def refundable_fulfilled_order(browser, deskflow) -> str:
    """A fulfilled, paid order with nothing refunded, paid by a card whose refunds go through."""
    browser.get(deskflow.url("/orders?status=fulfilled"))
    numbers = [row.get_attribute("data-order")
               for row in some(browser, 'tr[data-status="fulfilled"][data-payment-status="paid"][data-issue=""]')]
    for number in numbers:
        browser.get(deskflow.url(f"/orders/{number}"))
        if "0341" not in one(browser, "#payment-title").find_element(By.XPATH, "..").text:
            return number
    raise AssertionError("the demo store has no fulfilled, paid order to refund")


def test_refund_one_returned_item_of_a_fulfilled_order(browser, deskflow):
    sign_in(browser, deskflow)
    number = refundable_fulfilled_order(browser, deskflow)
    line = one(browser, "tr[data-sku]")
    sku = line.get_attribute("data-sku")
    before = stock(browser, deskflow, [sku])

    browser.get(deskflow.url(f"/orders/{number}"))
    menu = one(browser, "details.menu")
    activate(browser, menu.find_element(By.CSS_SELECTOR, "summary"), navigates=False)
    activate(browser, menu.find_element(By.CSS_SELECTOR, f'a[href="/orders/{number}/refund"]'))
    assert browser.current_url.endswith(f"/orders/{number}/refund")
    assert one(browser, '[role="dialog"]').get_attribute("aria-modal") == "true"
    assert focused(browser) == one(browser, "#refund-title")

    replace_text(browser, one(browser, f'input[data-sku="{sku}"]'), "1")
    activate(browser, one(browser, 'button[name="intent"][value="calculate"]'))
    amount = one(browser, "#refund_amount").get_attribute("value")
    assert Decimal(amount) > 0, "Calculate fills in what the item comes to"
    assert one(browser, f'input[data-sku="{sku}"]').get_attribute("value") == "1", "the typed quantity is kept"
    assert one(browser, "#restock").is_selected(), "a fulfilled order's returned units go back to stock by default"

    Select(one(browser, "#reason")).select_by_value("damaged")
    activate(browser, one(browser, 'button[name="intent"][value="refund"]'))

    assert browser.current_url.endswith(f"/orders/{number}"), browser.current_url
    assert "Refunded" in flash(browser)
    assert main_data(browser, "status") == "fulfilled"
    assert main_data(browser, "payment-status") == "partially_refunded"
    minor = int(Decimal(amount) * 100)
    assert money_minor(browser, "refunded") == minor
    assert some(browser, f'tr[data-refund][data-state="succeeded"][data-minor="{minor}"]')
    assert some(browser, 'li[data-event="refund_requested"]')
    after = stock(browser, deskflow, [sku])
    assert after[sku][0] == before[sku][0] + 1, "the returned unit is back on the shelf"


def test_a_quantity_over_what_is_left_is_explained_beside_its_field(browser, deskflow):
    sign_in(browser, deskflow)
    number = refundable_fulfilled_order(browser, deskflow)
    sku = one(browser, "tr[data-sku]").get_attribute("data-sku")
    browser.get(deskflow.url(f"/orders/{number}/refund"))
    field = one(browser, f'input[data-sku="{sku}"]')
    replace_text(browser, field, "999")
    activate(browser, one(browser, 'button[name="intent"][value="calculate"]'))
    field = one(browser, f'input[data-sku="{sku}"]')
    assert field.get_attribute("value") == "999"
    assert field.get_attribute("aria-invalid") == "true"
    error_id = f"refund_quantity_{sku}-error"
    assert error_id in field.get_attribute("aria-describedby")
    assert one(browser, f'[id="{error_id}"]').text
    assert main_data(browser, "payment-status") == "paid", "nothing was refunded"
