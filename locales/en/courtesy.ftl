## The courtesy rule: warnings, recorded conduct violations and their removal

outcome-courtesy-breach = ended: conduct violation
courtesy-rule = Insults and obscenities are not allowed in requests.
courtesy-rule-document = Insults and obscenities are not allowed in requests, as the school's document «{ $document }» sets out.

## To the requester
courtesy-warning =
    ⚠️ Please write politely. { $rule }
    The message is kept, and a conduct violation is recorded on the request.
courtesy-warning-confirmed =
    ⚠️ The specialist recorded a conduct violation on request No. { $number }. Please write politely. { $rule }
courtesy-removed-requester = The conduct violation recorded on request No. { $number } was removed.
mine-courtesy-ended = The consultation on request No. { $number } was ended because of a conduct violation. { $rule } You may file a new request, written politely.

## To staff: the card and the relayed messages
card-courtesy = ⚠️ Conduct violations: { $count }
card-courtesy-flag = ⚠️ Possible insult in the request's text: «{ $words }». Nothing is recorded and the requester has not been warned; if it is a conduct violation, press «Record violation».
courtesy-relay-flag = ⚠️ Possible insult: «{ $words }». Nothing is recorded and the requester has not been warned.
courtesy-relay-marked-auto = ⚠️ Obscenity: a conduct violation is recorded and the requester has been warned.
courtesy-relay-marked = ⚠️ A conduct violation is recorded and the requester has been warned.
courtesy-button-mark = ⚠️ Record violation
courtesy-button-unmark = Cancel the violation record
card-button-courtesy-end = ⛔ End: conduct violation
card-courtesy-ended-ok = Consultation ended, your supervisor has been told.
courtesy-supervisor-report =
    ⚠️ The consultation on request No. { $number } was ended because of a conduct violation.
    Specialist: { $specialist }
    Requester: { $requester }
    Conduct violations: { $marks }

## Confirming and removing a recorded violation
courtesy-marked-ok = The violation is recorded and the requester has been warned.
courtesy-already-marked = A violation is already recorded for this message.
courtesy-was-removed = The violation recorded on this message was cancelled; it cannot be recorded again.
courtesy-not-yours = Violations on this request are recorded and cancelled by the specialist who has it, or by an administrator.
courtesy-none-in-force = This request has no conduct violations in force.
courtesy-remove-choose =
    { $count ->
        [one] Request No. { $number } has { $count } conduct violation recorded. Choose the record to cancel:
       *[other] Request No. { $number } has { $count } conduct violations recorded. Choose the record to cancel:
    }
courtesy-remove-item =
    { $level ->
        [obscene] { $at } — obscenity
        [insult] { $at } — insult
       *[other] { $at } — record of the earlier check
    }
courtesy-remove-ask = Give the reason for cancelling the conduct violation record (request No. { $number }) in a reply to this message. To cancel: /cancel
courtesy-remove-placeholder = Reason for cancelling the record
courtesy-reason-empty = No reason was given. Write it as text in a reply to the question, or cancel: /cancel
courtesy-removed-ok = The violation record on request No. { $number } was cancelled and the reason kept. The requester has been told.

## The register's export
register-col-courtesy = Conduct violations
