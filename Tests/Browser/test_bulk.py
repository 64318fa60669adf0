"""Acting on many failed orders at once, with JavaScript off: select all on the page (a plain GET), tick orders by
keyboard, Retry selected, read each order's outcome on the results page, and the flash back on the queue."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from keyboard import activate, press, tab_to
from test_journeys import flash, one, sign_in, some

BULK = 'form[method="post"][action="/orders/bulk"]'


def boxes(browser):
    return some(browser, f'{BULK} input[type="checkbox"][name="orders"]')


def test_retry_selected_payment_failures(browser, deskflow):
    sign_in(browser, deskflow)
    browser.get(deskflow.url("/orders?status=payment_failed"))
    rows = some(browser, 'tr[data-issue="payment_failed"]')
    assert len(rows) >= 3
    numbers = [row.get_attribute("data-order") for row in rows[:3]]
    assert len(boxes(browser)) == len(rows), "every row of the tab has a checkbox inside the bulk form"
    assert not any(box.is_selected() for box in boxes(browser))

    # "Select all on this page" re-renders the tab with every box ticked; "Clear selection" unticks them.
    activate(browser, one(browser, 'button[name="select"][value="all"]'))
    assert "select=all" in browser.current_url and "status=payment_failed" in browser.current_url
    assert all(box.is_selected() for box in boxes(browser))
    activate(browser, browser.find_element(By.LINK_TEXT, "Clear selection"))
    assert not any(box.is_selected() for box in boxes(browser))

    for number in numbers:
        box = one(browser, f'{BULK} input[name="orders"][value="{number}"]')
        tab_to(browser, box)
        press(browser, Keys.SPACE)
        assert box.is_selected(), f"Space ticks order {number}"

    activate(browser, one(browser, f'{BULK} button[name="action"][value="retry"]'))
    assert one(browser, "h1").text == "Retry selected: results"
    outcomes = {row.get_attribute("data-order"): row.get_attribute("data-outcome") for row in some(browser, "tr[data-outcome]")}
    assert set(outcomes) == set(numbers), outcomes
    assert set(outcomes.values()) <= {"done", "skipped", "failed"}
    for number in numbers:
        assert some(browser, f'tr[data-order="{number}"] a[href="/orders/{number}"]'), "each outcome links to its order"

    activate(browser, one(browser, ".breadcrumb a"))
    assert "status=payment_failed" in browser.current_url
    summary = flash(browser)
    assert summary.startswith(f"Retried {len(numbers)} orders:"), summary
    counted = {kind: list(outcomes.values()).count(kind) for kind in ("done", "skipped", "failed")}
    assert summary.endswith(f"{counted['done']} done, {counted['skipped']} skipped, {counted['failed']} failed"), summary
