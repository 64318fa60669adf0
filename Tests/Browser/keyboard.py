"""Driving Deskflow the way a keyboard user does: Tab to a control, check focus shows, press Enter or Space."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.wait import WebDriverWait

MOST_TABS = 250

# While Chrome swaps documents, asking about a node of the old one can fail with this inspector error instead
# of a stale-reference answer; both mean the old page is gone.
GONE_NODE = "does not belong to the document"


def left_page(page: WebElement):
    def gone(_browser) -> bool:
        try:
            page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if GONE_NODE in (error.msg or ""):
                return True
            raise

    return gone


def focused(browser) -> WebElement:
    return browser.switch_to.active_element


def press(browser, *keys: str) -> None:
    ActionChains(browser).send_keys(*keys).perform()


def describe(element: WebElement) -> str:
    label = element.get_attribute("id") or element.get_attribute("href") or element.text
    return f"<{element.tag_name}> {label!r}"


def assert_focus_visible(element: WebElement) -> None:
    style = element.value_of_css_property("outline-style")
    width = element.value_of_css_property("outline-width")
    assert style not in ("none", "") and width not in ("0px", ""), f"no visible focus ring on {describe(element)}"


def replace_text(browser, field: WebElement, text: str) -> None:
    """Ctrl+A then typing, as a person replaces what a field holds."""
    tab_to(browser, field)
    ActionChains(browser).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys(text).perform()


def tab_to(browser, target: WebElement, backwards: bool = False) -> WebElement:
    """Presses Tab until `target` has focus, as a keyboard user would, checking the focus ring shows at every
    control it stops on along the way, not only the last."""
    key = (Keys.SHIFT, Keys.TAB) if backwards else (Keys.TAB,)
    for _ in range(MOST_TABS):
        element = focused(browser)
        if element.tag_name != "body":
            assert_focus_visible(element)
        if element == target:
            return target
        press(browser, *key)
    raise AssertionError(f"{describe(target)} cannot be reached with Tab")


def activate(browser, target: WebElement, key: str = Keys.ENTER, navigates: bool = True) -> None:
    """Tabs to `target` and presses `key`; when that follows a link or sends a form, waits for the next page,
    since a key press does not wait for the navigation it starts the way a click does."""
    tab_to(browser, target)
    page = browser.find_element(By.TAG_NAME, "html")
    failure = f"{describe(target)} did not lead to a new page"
    press(browser, key)
    if navigates:
        WebDriverWait(browser, 15).until(left_page(page), failure)
