"""First contact as people meet it: /start, consent, role — across a restart and a crash."""

from __future__ import annotations

import pytest


async def test_parent_in_russian_survives_a_restart_mid_flow(own_bot, own_standin):
    bot, standin = own_bot, own_standin
    anna = standin.user(1001, first_name="Анна", last_name="Иванова", language_code="ru")
    await anna.send("/start")
    greeting = await anna.wait_for("Согласие на обработку персональных данных")
    assert "152-ФЗ" in greeting.text
    assert greeting.buttons[0] == ["✅ Даю согласие"]

    await anna.press("✅ Даю согласие")
    await anna.wait_for("Выберите роль")

    await bot.restart()  # SIGTERM and start again, between two steps of the flow

    await anna.press("Родитель")
    chosen = await anna.wait_for("Роль:")
    assert "Родитель" in chosen.text
    help_message = await anna.wait_for("/new")
    assert "Мои обращения" not in help_message.text or "/my" in help_message.text

    await anna.send("/privacy")
    privacy = await anna.wait_for("Согласие дано")
    assert "(время школы)" in privacy.text and "UTC" not in privacy.text


async def test_english_speaker_gets_english_and_survives_a_crash(own_bot, own_standin):
    bot, standin = own_bot, own_standin
    john = standin.user(1002, first_name="John", last_name="Smith", language_code="en")
    await john.send("/start")
    await john.wait_for("Consent to the processing of personal data")
    await john.press("✅ I consent")
    await john.wait_for("Choose your role")

    await bot.restart(crash=True)  # kill -9

    await john.press("Teacher")
    chosen = await john.wait_for("Role:")
    assert "Teacher" in chosen.text


async def test_language_can_be_switched_before_consent(bot, standin):
    olga = standin.user(1003, first_name="Ольга", language_code="ru")
    await olga.send("/start")
    await olga.wait_for("Согласие")
    await olga.press("🇬🇧 English")
    switched = await olga.wait_for(lambda m: m.edited and "Consent" in m.text)
    assert "I consent" in str(switched.buttons)
    await olga.press("✅ I consent")
    await olga.wait_for("Choose your role")


async def test_declining_consent_stores_nothing_and_says_where_to_come(bot, standin):
    petr = standin.user(1004, first_name="Пётр", language_code="ru")
    await petr.send("/start")
    await petr.wait_for("Согласие")
    await petr.press("Не даю согласия")
    answer = await petr.wait_for("Без согласия")
    assert "каб." in answer.text and "Вт 14:30–16:00" in answer.text
    await petr.send("/privacy")
    await petr.wait_for("Согласие не давалось")
    await petr.send("/new")
    await petr.wait_for("/start")


async def test_button_of_a_finished_step_is_answered_as_outdated(bot, standin):
    ivan = standin.user(1005, first_name="Иван", language_code="ru")
    await ivan.send("/start")
    await ivan.press("✅ Даю согласие")
    await ivan.press("Учитель")
    await ivan.wait_for("Роль:")
    await ivan.send("/role")
    question = await ivan.wait_for("Выберите роль")
    await ivan.send("/cancel")
    await ivan.wait_for("отменено")
    await ivan.press("Родитель", message=question)  # the step was cancelled: the old keyboard does nothing
    assert "устарела" in (ivan.last_callback_answer or "")
    await ivan.send("/help")
    await ivan.wait_for("/new")



async def test_command_menu_is_set_per_language(bot, standin):
    ru = [c["command"] if isinstance(c, dict) else c.command for c in standin.commands(language_code="ru")]
    en = standin.commands(language_code="en")
    assert "new" in ru and "schedule" in ru
    descriptions = [c["description"] if isinstance(c, dict) else c.description for c in en]
    assert "New request" in descriptions


@pytest.mark.parametrize("content", ["sticker", "voice", "location"])
async def test_unsupported_content_gets_an_explanation(bot, standin, content):
    vera = standin.user(1006, first_name="Вера", language_code="ru")
    if content == "sticker":
        await vera.send_sticker()
    elif content == "voice":
        await vera.send_voice()
    else:
        await vera.send_location(45.0, 34.1)
    reply = await vera.next_message()
    assert "не принимает" in reply.text
