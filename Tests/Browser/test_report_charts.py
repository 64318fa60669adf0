"""The cancellations report's trend, in Chromium with JavaScript off: two server-drawn charts, each an image whose
title says what it shows, with the same numbers in a table beside them, and no chart for a range without
cancellations. Found through the contract's `data-chart` hooks, not by layout."""

import re
from datetime import date, timedelta

from selenium.webdriver.common.by import By

from test_journeys import one, sign_in, some


def report(browser, deskflow, first: date, last: date) -> None:
    browser.get(deskflow.url(f"/reports/cancellations?from={first.isoformat()}&to={last.isoformat()}"))
    assert one(browser, "h1").text == "Cancellations"


def chart_title(figure) -> str:
    """The chart's accessible name: the `<title>` that is the SVG's own first child."""
    svg = figure.find_element(By.CSS_SELECTOR, 'svg[role="img"]')
    title = svg.find_element(By.CSS_SELECTOR, ":scope > title")
    assert svg.get_attribute("aria-labelledby") == title.get_attribute("id")
    return title.get_attribute("textContent")


def test_the_report_draws_its_trend_with_the_numbers_beside_it(browser, deskflow):
    sign_in(browser, deskflow)
    # The demo store's history covers the last 90 days.
    today = date.today()
    report(browser, deskflow, today - timedelta(days=120), today)

    cancellations = one(browser, 'figure[data-chart="cancellations-per-day"]')
    title = chart_title(cancellations)
    total = int(one(browser, 'dd[data-field="count"]').text.replace(",", ""))
    assert total > 0
    assert re.match(r"Cancellations per day, .+, by reason: [\d,]+ in total, most on ", title), title
    assert f": {total:,} in total" in title, "the chart's title counts every cancellation the report counts"
    assert cancellations.find_element(By.TAG_NAME, "figcaption").text
    # Drawn wide and narrow; the stylesheet shows the one that fits the screen.
    shown = [svg for svg in cancellations.find_elements(By.CSS_SELECTOR, 'svg[role="img"]') if svg.is_displayed()]
    assert len(shown) == 1, "one drawing of the chart is shown at a time"
    page_width = browser.find_element(By.TAG_NAME, "html").rect["width"]
    assert shown[0].rect["x"] + shown[0].rect["width"] <= page_width, "the chart fits the screen"
    bars = shown[0].find_elements(By.CSS_SELECTOR, "rect")
    assert bars, "the chart has bars"
    assert all(bar.rect["height"] > 0 for bar in bars[:5]), "bars are drawn, not collapsed"
    legend = [item.text for item in cancellations.find_elements(By.CSS_SELECTOR, ".chart-legend li")]

    refunds = one(browser, 'figure[data-chart="refunds-per-day"]')
    assert chart_title(refunds).startswith("Refunded per day, ")
    assert refunds.find_element(By.TAG_NAME, "figcaption").text

    # The same numbers in a table: a column per reason in the legend, and days adding up to the total.
    # On a phone the header row is out of sight (each cell carries its column's name), so read it as text.
    headings = [cell.get_attribute("textContent").strip() for cell in some(browser, "table.daily thead th")]
    assert headings[0] == "Day" and headings[-2:] == ["All", "Refunded"]
    assert headings[1:-2] == legend
    days = some(browser, "table.daily tbody tr[data-day]")
    assert days
    all_column = len(headings) - 2
    day_totals = [int(day.find_elements(By.CSS_SELECTOR, "th, td")[all_column].text.replace(",", "")) for day in days]
    assert sum(day_totals) == total


def test_a_range_without_cancellations_shows_no_chart(browser, deskflow):
    sign_in(browser, deskflow)
    report(browser, deskflow, date(2001, 1, 1), date(2001, 1, 31))
    assert not some(browser, "figure[data-chart]")
    assert not some(browser, "svg")
    assert one(browser, ".empty-state").text.startswith("No cancellations in this period")
