"""The sandbox in a real browser: people press what people press, on the page.

Button labels come from the bot's own texts (locales/ru), so a reworded button does not
break these tests; what is checked is that the page carries the conversation both ways.
"""

from __future__ import annotations

import re
import time
import urllib.request

import pytest

from bot.i18n import I18n
from tests.browser.conftest import ROOT, START_LIMIT, get_json

PARENT, CLASS_TEACHER, SPECIALIST_A, ADMIN = 700001, 300001, 200001, 100002
t = I18n().get("ru")


# --- what a person does on the page -------------------------------------------------------

def wait(driver, condition, timeout: float = 20.0, what: str = ""):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: condition(d), message=what)


def pane(driver, person: int):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, f"pane-{person}")


def messages_text(driver, person: int) -> str:
    return driver.execute_script(
        "const p = document.getElementById(arguments[0]); return p ? p.querySelector('.messages').innerText : '';",
        f"pane-{person}")


def wait_text(driver, person: int, text: str | re.Pattern[str], timeout: float = 20.0) -> str:
    def found(d):
        shown = messages_text(d, person)
        return shown if (text.search(shown) if isinstance(text, re.Pattern) else text in shown) else False

    return wait(driver, found, timeout, f"pane {person}: no {text!r}; it shows:\n{messages_text(driver, person)[-1500:]}")


def say(driver, person: int, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = pane(driver, person).find_element(By.CSS_SELECTOR, ".composer .text")
    field.send_keys(text)
    field.send_keys(Keys.ENTER)


def press(driver, person: int, label: str, *, in_message: str | None = None, timeout: float = 20.0) -> None:
    """The newest button with this label (in the newest message containing `in_message`)."""
    script = """
        const [id, label, within] = arguments;
        const pane = document.getElementById(id);
        if (!pane) return null;
        let messages = [...pane.querySelectorAll('.messages .msg')];
        if (within) messages = messages.filter((m) => m.querySelector('.bubble').innerText.includes(within));
        let button = null;
        for (const m of messages.reverse()) {
            button = [...m.querySelectorAll('.kb button')].find((b) => b.textContent === label);
            if (button) break;
        }
        button = button || [...pane.querySelectorAll('.reply-keyboard button')].find((b) => b.textContent === label);
        if (!button) return false;
        button.scrollIntoView({block: 'nearest', inline: 'nearest'});
        button.click();  // found and pressed in one step: the pane may redraw between two
        return true;
    """
    wait(driver, lambda d: d.execute_script(script, f"pane-{person}", label, in_message), timeout,
         f"pane {person}: no button {label!r}; it shows:\n{messages_text(driver, person)[-1500:]}")


def count(driver, person: int, text: str) -> int:
    return messages_text(driver, person).count(text)


# --- the tests ------------------------------------------------------------------------------

def test_without_a_token_python_m_bot_serves_the_sandbox_page_within_a_minute(sandbox):
    """`make run` on a fresh machine runs `python -m bot` with no BOT_TOKEN: the sandbox."""
    assert sandbox.page_after is not None and sandbox.page_after < START_LIMIT
    assert sandbox.ready_after is not None and sandbox.ready_after < START_LIMIT
    first_lines = sandbox.output().splitlines()[:3]
    assert "Sandbox" in first_lines[0] and "never talks to" in first_lines[0], first_lines
    assert sandbox.url in first_lines[1], first_lines
    import urllib.request

    with urllib.request.urlopen(sandbox.url + "/", timeout=5) as response:
        page = response.read().decode()
    assert response.status == 200 and "Работает без Telegram" in page
    assert "http://" not in page.replace(sandbox.url, "") and "https://" not in page  # nothing from outside
    state = get_json(f"{sandbox.url}/_sandbox/state")
    assert state["telegram"] is False and len([p for p in state["people"] if p["pane"]]) == 8


def test_a_request_filed_by_the_parent_is_answered_by_the_specialist_in_the_browser(sandbox, browser, shots, tmp_path):
    from selenium.webdriver.common.by import By

    from tg_standin.driver import tiny_png

    screenshot = tmp_path / "screen.png"
    screenshot.write_bytes(tiny_png(40, 30))
    browser.get(sandbox.url)
    wait(browser, lambda d: messages_text(d, SPECIALIST_A) and "2026-0004" in messages_text(d, SPECIALIST_A),
         30, "the seeded card did not reach Specialist A's pane")
    rects = browser.execute_script(
        "return [...document.querySelectorAll('.pane')].slice(0, 3).map((p) => p.getBoundingClientRect().right)")
    assert len(rects) == 3 and max(rects) <= 1280, rects  # three panes side by side at 1280 px
    shots(browser, "start")

    say(browser, PARENT, "/new")
    press(browser, PARENT, t("topic-general"))
    press(browser, PARENT, t("kind-question"))
    press(browser, PARENT, "Техническая поддержка")
    press(browser, PARENT, t("form-button-keep"), in_message="Петрова Елена Сергеевна")  # the saved name
    press(browser, PARENT, t("form-button-keep"), in_message="5А")                      # the saved class
    wait_text(browser, PARENT, "Опишите")
    say(browser, PARENT, "Не открывается раздел «Домашние задания» в дневнике")
    wait_text(browser, PARENT, t("form-button-files-done"))
    parent = pane(browser, PARENT)
    parent.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(screenshot))  # 📎, «как фото»
    parent.find_element(By.CSS_SELECTOR, ".composer .send").click()
    wait(browser, lambda d: d.execute_script(  # the photo is shown in the parent's own chat
        "return [...arguments[0].querySelectorAll('.msg.me img')].some((i) => i.complete && i.naturalWidth === 40)",
        pane(d, PARENT)), 20, "the parent's photo is not shown")
    press(browser, PARENT, t("form-button-files-done"))
    press(browser, PARENT, t("form-button-send"))
    receipt = wait_text(browser, PARENT, re.compile(r"№\s2026-0005"))
    assert "Специалист А. А." in receipt[receipt.rindex("2026-0005") - 200:]
    shots(browser, "parent-filed")

    wait_text(browser, SPECIALIST_A, "Не открывается раздел «Домашние задания»")
    wait(browser, lambda d: d.execute_script(  # the screenshot reached the specialist, shown as a photo
        "return [...arguments[0].querySelectorAll('.msg.bot img')].some((i) => i.complete && i.naturalWidth === 40)",
        pane(d, SPECIALIST_A)), 20, "the screenshot is not shown to the specialist")
    press(browser, SPECIALIST_A, t("card-button-take"), in_message="2026-0005")
    wait_text(browser, PARENT, "взял в работу")
    press(browser, SPECIALIST_A, t("card-button-reply"), in_message="2026-0005")
    wait_text(browser, SPECIALIST_A, "Напишите ответ")
    say(browser, SPECIALIST_A, "Обновите приложение: раздел откроется после выхода и входа.")
    shots(browser, "specialist-answered")

    wait_text(browser, PARENT, "Обновите приложение: раздел откроется после выхода и входа.")
    shots(browser, "parent-got-the-answer")


def test_marks_sent_from_the_class_teachers_pane_reach_the_parent_on_saturday_noon(sandbox, browser, shots):
    from selenium.webdriver.common.by import By

    if not browser.current_url.startswith(sandbox.url):
        browser.get(sandbox.url)
    wait(browser, lambda d: "Успеваемость за неделю" in messages_text(d, PARENT), 30, "no seeded summary")
    before = count(browser, PARENT, "Успеваемость за неделю")

    say(browser, CLASS_TEACHER, "/import")
    wait_text(browser, CLASS_TEACHER, "CSV")
    teacher = pane(browser, CLASS_TEACHER)
    teacher.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(ROOT / "samples" / "marks-example.csv"))
    teacher.find_element(By.CSS_SELECTOR, ".composer .send").click()
    wait_text(browser, CLASS_TEACHER, "marks-example.csv")  # the sent file in the teacher's own chat
    wait_text(browser, CLASS_TEACHER, "✅")                  # the import's answer
    shots(browser, "marks-imported")

    button = wait(browser, lambda d: next((b for b in d.find_elements(By.CSS_SELECTOR, "#clock-presets button")
                                           if b.text == "Сб 12:00"), None), 10, "no Saturday noon preset")
    button.click()
    wait(browser, lambda d: "сб, 21.11.2026 12:0" in d.find_element(By.ID, "clock-now").text, 10, "the clock did not move")
    wait(browser, lambda d: count(d, PARENT, "Успеваемость за неделю") > before, 30,
         f"no new summary in the parent's pane:\n{messages_text(browser, PARENT)[-1500:]}")
    summary = messages_text(browser, PARENT)
    summary = summary[summary.rindex("Успеваемость за неделю"):]
    assert "Петров Иван" in summary and "16.11–22.11.2026" in summary, summary
    assert "3/5" in summary, summary  # the imported sample's mark of 18.11
    shots(browser, "parent-saturday-summary")

    # The administrator reads the register and downloads it as XLSX from the pane.
    say(browser, ADMIN, "/register")
    press(browser, ADMIN, "XLSX")
    link = wait(browser, lambda d: next(iter(pane(d, ADMIN).find_elements(By.CSS_SELECTOR, ".msg.bot a.doc")), None),
                20, "no document in the administrator's pane")
    assert link.get_attribute("download").endswith(".xlsx")
    with urllib.request.urlopen(link.get_attribute("href"), timeout=10) as response:
        assert response.read(2) == b"PK"  # a real XLSX (a zip), offered as an attachment with its name
        assert ".xlsx" in response.headers["Content-Disposition"]
    shots(browser, "register-downloaded")


@pytest.fixture(autouse=True)
def _timing(request):
    started = time.monotonic()
    yield
    request.node.user_properties.append(("seconds", round(time.monotonic() - started, 1)))


def test_a_new_persons_pane_meets_the_bot_and_the_reset_puts_the_demo_back(sandbox, browser, shots):
    from selenium.webdriver.common.by import By

    if not browser.current_url.startswith(sandbox.url):
        browser.get(sandbox.url)
    generation = get_json(f"{sandbox.url}/_sandbox/state")["generation"]
    browser.find_element(By.ID, "add-person").click()
    prompt = wait(browser, lambda d: d.switch_to.alert, 5, "no prompt for the name")
    prompt.send_keys("Мария Новикова")
    prompt.accept()
    newcomer = wait(browser, lambda d: next((p for p in d.find_elements(By.CSS_SELECTOR, ".pane")
                                             if "Мария Новикова" in p.text), None), 10, "no pane for the new person")
    person = int(newcomer.get_attribute("data-person"))
    say(browser, person, "/start")
    press(browser, person, t("consent-button-accept"))  # a newcomer: consent first, then the role
    wait_text(browser, person, re.sub(r"<[^>]+>", "", t("role-question"))[:20])
    shots(browser, "newcomer")

    browser.find_element(By.ID, "reset").click()
    wait(browser, lambda d: d.switch_to.alert, 5, "no confirmation asked").accept()
    wait(browser, lambda d: get_json(f"{sandbox.url}/_sandbox/state")["generation"] > generation, 60, "no reset")
    wait(browser, lambda d: not d.find_elements(By.ID, f"pane-{person}"), 10, "the newcomer's pane stayed")
    wait(browser, lambda d: "вт, 17.11.2026 14:4" in d.find_element(By.ID, "clock-now").text, 10, "the clock stayed")
    wait_text(browser, SPECIALIST_A, "2026-0004", timeout=60)  # the seeded card is back …
    assert "2026-0005" not in messages_text(browser, SPECIALIST_A)  # … and the earlier tests' request is gone
    assert "Домашние задания" not in messages_text(browser, PARENT)
    shots(browser, "after-reset")
