"""The request form's dialog state (bot/dialogs/request_form.py): attachments are kept in the
shape forms saved before a restart already have, and read back as typed attachments; each step's
buttons belong to one state of the form."""

from __future__ import annotations

import json

from bot.dialogs.request_form import attachments, stored_file
from bot.handlers.request_form import STEP_STATE
from bot.services.helpdesk import Attachment
from bot.views.callbacks import FormStep


def test_an_attachment_goes_into_the_state_and_back_unchanged():
    files = [Attachment("photo", "AgAD1", 17, None), Attachment("document", "BQAD2", 18, "скан")]
    data = json.loads(json.dumps({"files": [stored_file(f) for f in files]}))  # as SQLite keeps it
    assert attachments(data) == files


def test_a_form_saved_before_the_change_reads_the_same():
    saved = {"files": [["photo", "AgAD1", 17, None], ["document", "BQAD2", 18, "скан"]]}
    assert attachments(saved) == [Attachment("photo", "AgAD1", 17, None), Attachment("document", "BQAD2", 18, "скан")]
    assert attachments({}) == []
    assert [stored_file(a) for a in attachments(saved)] == saved["files"]


def test_every_step_but_cancel_has_its_state():
    assert set(STEP_STATE) == set(FormStep) - {FormStep.CANCEL}
    assert len({state.state for state in STEP_STATE.values()}) == len(STEP_STATE)
