"""On a phone (390 × 844), JavaScript off: every main page and every dialog reads without sideways scrolling, the
rows of a list become blocks that still show each order's status and issue, and the report's charts fit the screen.
The journeys run at this size too (the `browser` fixture); this file visits every page a journey may not reach."""

from datetime import date, timedelta

import pytest
from selenium.webdriver.common.by import By

from conftest import PHONE, assert_fits_screen, chromium, use_screen
from test_journeys import one, sign_in, some


@pytest.fixture(scope="module")
def phone(deskflow):
    """One signed-in phone for the whole file: it only reads pages, so nothing carries from one check to the next."""
    driver = chromium(javascript=False)
    use_screen(driver, PHONE)
    try:
        sign_in(driver, deskflow)
        yield driver
    finally:
        driver.quit()


def first_order(phone, deskflow, filter_query: str, row_selector: str = "tr[data-order]") -> str:
    phone.get(deskflow.url(f"/orders?{filter_query}"))
    return one(phone, row_selector).get_attribute("data-order")


def assert_on_screen(phone, element, what: str) -> None:
    assert element.is_displayed(), f"{what} is hidden"
    left, width = element.rect["x"], element.rect["width"]
    viewport = PHONE.width
    assert 0 <= left and left + width <= viewport, f"{what} runs off the screen ({left} + {width} > {viewport})"


@pytest.fixture(scope="module")
def orders(phone, deskflow) -> dict:
    """An order of each kind the pages below need, found through the list's data hooks."""
    return {
        "open": first_order(phone, deskflow, "status=processing", 'tr[data-payment-status="paid"][data-issue=""]'),
        "payment_failed": first_order(phone, deskflow, "status=payment_failed"),
        "processing_error": first_order(phone, deskflow, "status=processing_error"),
        "fulfillment_failed": first_order(phone, deskflow, "status=fulfillment_failed"),
        "refund_failed": first_order(phone, deskflow, "status=refund_failed"),
    }


PAGES = [
    "/orders", "/orders?status=needs_attention", "/orders?status=payment_failed", "/orders?status=cancelled",
    "/orders?q=example.com", "/orders/{open}", "/orders/{open}/cancel", "/orders/{open}/messages",
    "/orders/{open}/fulfill", "/orders/{payment_failed}", "/orders/{payment_failed}/payment/method",
    "/orders/{payment_failed}/payment/mark-paid", "/orders/{processing_error}", "/orders/{processing_error}/address",
    "/orders/{fulfillment_failed}", "/orders/{refund_failed}", "/inventory", "/notifications",
    "/reports/cancellations", "/reports/cancellations?from=2000-01-01&to=2000-01-31", "/orders/999999999",
]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_fits_a_phone(phone, deskflow, orders, path):
    phone.get(deskflow.url(path.format(**orders)))
    assert some(phone, "h1"), f"{path} has no heading"
    assert_fits_screen(phone)
    for dialog in some(phone, '[role="dialog"]'):
        assert_on_screen(phone, dialog, f"the dialog on {path}")


def test_list_rows_become_blocks_that_keep_status_and_issue(phone, deskflow):
    phone.get(deskflow.url("/orders?status=needs_attention"))
    row = one(phone, "tr[data-order]")
    assert row.value_of_css_property("display") == "block", "a row is a block on a phone"
    assert one(phone, "table.orders thead").rect["width"] <= 1, "the header row is left to screen readers"
    badges = row.find_elements(By.CSS_SELECTOR, ".badge")
    assert len(badges) >= 2, "the row shows its status and its issue"
    for badge in badges:
        assert_on_screen(phone, badge, f"the badge “{badge.text}”")
    assert_on_screen(phone, row.find_element(By.CSS_SELECTOR, ".issue-message"), "the issue's message")
    labels = [cell.get_attribute("data-label") for cell in row.find_elements(By.CSS_SELECTOR, "td[data-label]")]
    assert "Status" in labels and "Order" in labels, "each cell is named by its column"
    # the row's one action: a retry (a one-button form) or the fix (a form to open)
    assert_on_screen(phone, row.find_element(By.CSS_SELECTOR, ".row-actions .button"), "the row's action")


def test_the_report_draws_its_narrow_charts(phone, deskflow):
    today = date.today()
    phone.get(deskflow.url(f"/reports/cancellations?from={(today - timedelta(days=120)).isoformat()}&to={today}"))
    for figure in some(phone, "figure[data-chart]"):
        shown = [svg for svg in figure.find_elements(By.CSS_SELECTOR, 'svg[role="img"]') if svg.is_displayed()]
        assert [svg.get_attribute("class") for svg in shown] == ["chart-svg chart-svg-narrow"]
        assert_on_screen(phone, shown[0], f"the chart {figure.get_attribute('data-chart')}")
    assert_fits_screen(phone)
