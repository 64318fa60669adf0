"""Fixtures for the browser suite: a real `deskflow serve --demo` on a free loopback port with a fresh
database, and headless Chromium with JavaScript turned off, as store managers without script meet Deskflow."""

import os
import queue
import re
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = PACKAGE_ROOT / "Tests" / "DeskflowWebTests" / "__Snapshots__"
START_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Deskflow:
    base_url: str
    email: str
    password: str
    database: Path

    def url(self, path: str) -> str:
        return self.base_url + path


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def deskflow_binary() -> Path:
    binary = Path(os.environ.get("DESKFLOW_BIN", PACKAGE_ROOT / ".build" / "debug" / "deskflow"))
    if not binary.is_file():
        pytest.exit(f"{binary} is missing: build it first with `swift build --product deskflow`.", returncode=2)
    return binary


def read_lines_into(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


def wait_for_sign_in(server: subprocess.Popen, lines: queue.Queue) -> tuple[str, str]:
    """The demo store prints its one-time sign-in on start; the server is not ready before it does."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    seen = []
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        found = re.search(r"Sign in as (\S+) with password (\S+)", line)
        if found:
            return found.group(1), found.group(2)
    server.kill()
    pytest.exit("deskflow serve --demo printed no sign-in:\n" + "".join(seen), returncode=2)


def wait_until_healthy(url: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.exit(f"{url}/healthz did not answer within {START_TIMEOUT_SECONDS} s", returncode=2)


@pytest.fixture(scope="session")
def deskflow():
    with tempfile.TemporaryDirectory(prefix="deskflow-browser-") as folder:
        port = free_loopback_port()
        database = Path(folder) / "deskflow.sqlite"
        server = subprocess.Popen(
            [str(deskflow_binary()), "serve", "--demo", "--port", str(port),
             "--database", str(database), "--root", str(PACKAGE_ROOT)],
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


def chromium(javascript: bool) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--no-first-run",
                     "--window-size=1280,1000", "--disable-extensions", "--force-prefers-reduced-motion"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.implicitly_wait(0)
    return driver


@dataclass(frozen=True)
class ScreenSize:
    name: str
    width: int
    height: int
    mobile: bool


DESKTOP = ScreenSize("desktop", 1280, 1000, mobile=False)
PHONE = ScreenSize("phone", 390, 844, mobile=True)


def use_screen(driver: webdriver.Chrome, size: ScreenSize) -> None:
    """The page's viewport set exactly, through DevTools: headless Chromium keeps its window at least 500 pixels
    wide, and a phone's viewport also honours the page's `<meta name="viewport">`."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size.width, "height": size.height, "deviceScaleFactor": 1, "mobile": size.mobile})


def sideways_overflow(driver: webdriver.Chrome) -> tuple[int, int]:
    """(document width, viewport width). WebDriver runs this through DevTools, so it works with the page's own
    JavaScript switched off."""
    return tuple(driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]"))


def assert_fits_screen(driver: webdriver.Chrome) -> None:
    document_width, viewport_width = sideways_overflow(driver)
    assert document_width <= viewport_width, (
        f"{driver.current_url} scrolls sideways: {document_width} px wide in a {viewport_width} px viewport")


@pytest.fixture(params=[DESKTOP, PHONE], ids=lambda size: size.name)
def screen(request) -> ScreenSize:
    return request.param


@pytest.fixture
def browser(screen):
    """A fresh browser per journey, JavaScript off: no cookie or state is carried from one journey to the next.
    Every journey runs twice, on a desktop screen and on a phone's (390 × 844), and the page a journey ends on
    must fit the screen without sideways scrolling."""
    driver = chromium(javascript=False)
    use_screen(driver, screen)
    try:
        yield driver
        if driver.current_url.startswith("http"):
            assert_fits_screen(driver)
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def scripted_browser():
    """axe-core is a script, so it runs in a separate browser that allows script; the pages themselves carry none."""
    driver = chromium(javascript=True)
    try:
        yield driver
    finally:
        driver.quit()


def api_token(deskflow: Deskflow, name: str, role: str = "manager") -> str:
    """A storefront token made as a store owner makes one: `deskflow token create`, printed once."""
    made = subprocess.run(
        [str(deskflow_binary()), "token", "create", "--name", name, "--role", role, "--database", str(deskflow.database)],
        check=True, capture_output=True, text=True)
    return made.stdout.strip()


@pytest.fixture(scope="session")
def storefront_token(deskflow) -> str:
    return api_token(deskflow, "storefront")
