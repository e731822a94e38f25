"""The stand-in's chat page shows a message's Telegram HTML safely: Telegram's tags kept,
anything else shown as the text it is (a person's words may hold any markup)."""

from __future__ import annotations

from tg_standin.render import plain_html, telegram_html
from tg_standin.state import BotMessage
from tg_standin.web import message_view


def test_telegram_tags_are_kept_and_others_are_shown_as_text() -> None:
    shown = telegram_html('<b>№ 2026-0001</b> <i>x</i> <code>a&lt;b</code> <script>alert(1)</script>'
                          '<img src=x onerror=alert(1)>')
    assert shown.startswith("<b>№ 2026-0001</b> <i>x</i> <code>a&lt;b</code> ")
    assert "<script>" not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "<img" not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown


def test_links_keep_only_web_addresses_and_spoilers_are_hidden() -> None:
    assert 'href="#"' in telegram_html('<a href="javascript:alert(1)">x</a>')
    assert 'href="https://school.example/a?b=1&amp;c=2"' in telegram_html('<a href="https://school.example/a?b=1&amp;c=2">x</a>')
    assert telegram_html("<tg-spoiler>s</tg-spoiler>") == '<span class="spoiler" title="Скрытый текст">s</span>'
    assert telegram_html('<span class="tg-spoiler">s</span>').startswith('<span class="spoiler"')


def test_an_unknown_entity_is_a_plain_ampersand_as_telegram_shows_it() -> None:
    assert telegram_html("A &nbsp; B &amp; C &#169;") == "A &amp;nbsp; B &amp; C ©"
    assert telegram_html("<b>open") == "<b>open</b>"  # never leaves a tag open on the page


def test_a_persons_own_words_are_plain_text() -> None:
    message = BotMessage(1, 5, False, text="<b>не жирный</b> & <script>")
    view = message_view(message)
    assert view["html"] == plain_html("<b>не жирный</b> & <script>") == "&lt;b&gt;не жирный&lt;/b&gt; &amp; &lt;script&gt;"
    assert view["from_bot"] is False


def test_a_document_is_offered_for_download_with_its_name() -> None:
    message = BotMessage(1, 6, True, text="Журнал", html="Журнал", content_type="document", file_id="F1",
                         document=b"x", document_name="register.xlsx",
                         reply_markup={"inline_keyboard": [[{"text": "XLSX", "callback_data": "x"}]]})
    view = message_view(message)
    assert view["file"] == "/_standin/files/F1" and view["file_name"] == "register.xlsx"
    assert view["buttons"] == [[{"text": "XLSX", "url": None}]]
