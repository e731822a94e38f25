"""Browser tests: the sandbox's page in headless Chromium from Debian's packages.

`make test` installs `chromium` and `chromium-driver` when it runs as root on a machine
without them; elsewhere these tests are skipped, saying why. Selenium is given both
programs' paths, so nothing is downloaded. One sandbox (`python -m bot` without a token,
exactly as `make run` starts it) and one browser serve the whole module.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"  # screenshots; ignored by git
START_LIMIT = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


class Sandbox:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "sandbox.out"
        self.process: subprocess.Popen[bytes] | None = None
        self.page_after: float | None = None   # seconds from the start until the page answered
        self.ready_after: float | None = None  # … until the bot polled the stand-in

    def start(self) -> None:
        # The environment of a fresh machine: no token, nothing of the tests' own settings.
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("BOT_", "TELEGRAM_", "SCHOOL_", "DATABASE_", "CLOCK_", "SANDBOX_", "ELJUR_"))}
        env.update(SANDBOX_PORT=str(self.port), SANDBOX_DATA_DIR=str(self.workdir / "sandbox-data"),
                   PYTHONUNBUFFERED="1")
        started = time.monotonic()
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen([sys.executable, "-m", "bot"], cwd=self.workdir, env=env,
                                            stdout=out, stderr=subprocess.STDOUT)
        while time.monotonic() - started < START_LIMIT:
            if self.process.poll() is not None:
                raise AssertionError(f"the sandbox exited with {self.process.returncode}:\n{self.output()}")
            try:
                state = get_json(f"{self.url}/_sandbox/state")
            except OSError:
                time.sleep(0.1)
                continue
            if self.page_after is None:
                self.page_after = time.monotonic() - started
            if state["bot"] == "running":
                self.ready_after = time.monotonic() - started
                return
            time.sleep(0.1)
        raise AssertionError(f"the sandbox was not ready in {START_LIMIT}s:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def bot_log(self) -> str:
        path = self.workdir / "sandbox-data" / "bot.log"
        return path.read_text(encoding="utf-8", errors="replace")[-6000:] if path.exists() else ""

    def stop(self) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    box = Sandbox(tmp_path_factory.mktemp("sandbox"))
    try:
        box.start()
        yield box
    finally:
        code = box.stop()
    assert code == 0, f"the sandbox ended with {code}:\n{box.output()}"
    assert "Traceback" not in box.bot_log(), box.bot_log()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("no Chromium: apt-get install chromium chromium-driver (`make test` does it when run as root)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,900",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_window_size(1280, 900)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def shots(request):
    """Screenshots of this test, saved under tests/artifacts/browser/."""
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)

    def take(driver, name: str) -> Path:
        path = folder / f"{len(list(folder.iterdir())) + 1:02d}-{name}.png"
        driver.save_screenshot(str(path))
        return path

    return take
