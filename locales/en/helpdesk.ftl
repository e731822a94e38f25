## Kinds, topics, statuses, outcomes

kind-question = Question
kind-remark = Remark
kind-suggestion = Suggestion
topic-general = A question or a problem with ElJur
topic-lost-login = Lost login or password
topic-compromised = Access compromised (others know the password)
topic-new-access = Access needed (new student or parent)
status-new = queued
status-assigned = with a specialist
status-in-progress = in progress
status-waiting = waiting for your answer
status-resolved = resolved
status-closed = closed
# The same statuses as staff read them (their queue, the register and its export): a request
# waiting for the requester's answer does not wait for theirs.
status-for-staff-new = queued
status-for-staff-assigned = with a specialist
status-for-staff-in-progress = in progress
status-for-staff-waiting = waiting for the requester's answer
status-for-staff-resolved = resolved
status-for-staff-closed = closed
outcome-resolved = resolved
outcome-closed-by-requester = closed by the requester
outcome-auto-closed = closed: no answer from the requester
staff-admins = the ElJur administrators

## The form

form-need-start = To send a request, press /start first: consent to data processing and your role.
form-ask-topic = <b>New request.</b> What is it about?
form-ask-kind = Is it a question, a remark or a suggestion?
form-ask-area = Choose the area:
form-ask-name = Write your <b>full name</b> (or surname with initials), e.g. Ivanova Anna Petrovna.
form-confirm-name =
    Full name: <b>{ $name }</b>
    Is this correct?
form-ask-class = Give the student's <b>class</b>, e.g. 5A or 11B.
form-confirm-class =
    Class: <b>{ $klass }</b>
    Is this correct?
form-ask-login = Give your <b>login (identifier)</b> in ElJur — never write your password.
form-ask-problem = Describe the problem or question in one message. You may attach a screenshot with a caption.
form-ask-attachments = Attach screenshots or documents if needed, or press Done. Attached: { $count } of { $max }.
form-attachment-added = Attachment received ({ $count } of { $max }). Send more or press Done.
form-attachments-hint = You can send a photo or a document now. No more attachments? Press Done.
form-button-cancel = ✖️ Cancel
form-button-keep = ✅ Yes
form-button-change = ✏️ Change
form-button-files-done = Done ➡️
form-button-send = 📨 Send
form-cancelled = The request is cancelled, nothing was sent.
form-summary-title = <b>Check your request:</b>
form-summary-topic = Topic: { $topic }
form-summary-kind = Kind: { $kind }
form-summary-area = Area: { $area }
form-summary-name = Requester: { $name }
form-summary-role = Role: { $role }
form-summary-class = Class: { $klass }
form-summary-login = Login: { $login }
form-summary-files = Attachments: { $count }
form-summary-text = Text: { $text }
form-filed = ✅ Request <b>No. { $number }</b> is registered.
form-already-sent = This request was already sent: No. { $number }.
form-error-name-length =
    The name must be { $min } to { $max ->
        [one] { $max } character
       *[other] { $max } characters
    } long. Please try again.
form-error-name-shape = That does not look like a full name. Write surname and first name (and patronymic), or surname with initials, e.g. Ivanova A. P.
form-error-name-script = Please write the name in one alphabet — Cyrillic or Latin.
form-error-class = The class could not be read. Give a grade from 1 to 11 and a letter, e.g. 5A.
form-error-login =
    A login is one word without spaces, at most { $max ->
        [one] { $max } character
       *[other] { $max } characters
    } long.
form-error-problem-short =
    Please describe the problem in a little more detail — at least { $min ->
        [one] { $min } character
       *[other] { $min } characters
    }.
form-error-problem-long =
    Too long: { $length ->
        [one] { $length } character
       *[other] { $length } characters
    }, the limit is { $max }. Please shorten it; you can add the rest after sending.
form-error-too-many-files =
    At most { $max ->
        [one] { $max } file
       *[other] { $max } files
    } can be attached. Press Done.
form-error-use-buttons = Please choose with a button under the message above (or /cancel).
form-error-content = Text is needed here. Stickers, voice messages and locations are not accepted. What you entered is kept.

## Placement: who, when, where (R2.3)

mine-on-duty = The specialist on duty already has it: <b>{ $name }</b>{ $position }, room { $room }.
mine-queued =
    No consultations right now. The request will be taken by the specialist <b>{ $name }</b>{ $position }
    When: { $day }, { $date }, { $start }–{ $end }, room { $room }
    You can also come in person at that time.
mine-to-admins = The request went to the ElJur administrators.
mine-handed-over = Request No. { $number } was handed over to another specialist.
mine-taken = Your request No. { $number } was taken by <b>{ $name }</b>{ $position }, room { $room }.
mine-taken-person = Your request No. { $number } was taken by <b>{ $name }</b>{ $position }
mine-resolved =
    Request No. { $number } is marked resolved. Please rate the help. { $days ->
        [0] If the problem remains, please file a new request: /new.
        [one] If the problem remains, you can reopen it within { $days } day.
       *[other] If the problem remains, you can reopen it within { $days } days.
    }
mine-auto-closed =
    Request No. { $number } is closed: there was no answer for { $hours ->
        [one] { $hours } hour
       *[other] { $hours } hours
    }. If the question remains, please file a new request (/new).
mine-follow-up-relayed = Your messages on request No. { $number } have been passed on to the specialist.
mine-follow-up-waiting = The message is kept with request No. { $number } and will reach the specialist together with the request.
mine-follow-up-undelivered = This message on request No. { $number } could not be passed on. It is kept with the request; please try sending it again later.
mine-reply-closed = Request No. { $number } is no longer open, so the message was not passed on. A resolved request can be reopened in /my; a new one: /new.
place-ask = You have several open requests. Which one is this message for? It is kept and will be passed on once you choose. (Next time you can reply to a message of that request with «Reply».)
place-button = No. { $number }: { $subject }
place-done = Messages added to request No. { $number }.
place-nothing = These messages have already been added to a request.
mine-title = <b>Your requests:</b>
mine-line = No. { $number } · { $kind } · { $at } · { $status } · { $who }
mine-line-nobody = No. { $number } · { $kind } · { $at } · { $status }
mine-none = You have no requests yet. New one: /new.
mine-button-close = Close the request
mine-button-reopen = Reopen
mine-button-complain = Complain to the supervisor
mine-closed = This request is already closed.
mine-closed-ok = Closed.
mine-closed-text = Request No. { $number } is closed. Thank you!
mine-reopened = Request No. { $number } is open again; the specialist has been notified.
mine-cannot-reopen =
    { $days ->
        [0] Resolved requests cannot be reopened. If the problem remains, please file a new request: /new.
        [one] Only a resolved request can be reopened, and only within { $days } day.
       *[other] Only a resolved request can be reopened, and only within { $days } days.
    }
mine-cannot-rate = Only a resolved request can be rated.
mine-rated = Thank you for the rating: { $stars } of 5.
mine-rating-comment = If you like, write a comment on the rating in one message, or /skip.
mine-thanks = Thank you!
fallback-no-open-request = You have no open requests. New request: /new, help: /help.
staff-reply-hint = To answer a requester, press «💬 Reply» on the request's card, or reply to their message (or to the card) with Telegram's «Reply».

## Courtesy and complaints (R3)

complaint-ask = Describe what happened. The complaint goes to the specialist's supervisor; the specialist will not see it.
complaint-sent = The complaint was passed to the specialist's supervisor.
complaint-nobody = No specialist has this request yet, there is nobody to complain about.
complaint-to-supervisor =
    📣 A complaint about a specialist's work on request No. { $number }
    Specialist: { $specialist }
    Requester: { $requester }

    { $text }

## Access to the journal (R4)

access-compromised-receipt = The moment of your notice of compromised access: <b>{ $at }</b>. Every operation in ElJur under your account after this moment is invalid.
access-compromised-alert =
    🚨 <b>Access compromised</b> — request No. { $number }
    Requester: { $name }
    Login: { $login }
    Moment of notice: <b>{ $at }</b>. Operations after it are invalid.
access-deadline-receipt =
    Access must be granted within { $days ->
        [one] { $days } working day
       *[other] { $days } working days
    }, by { $at }.
access-deadline-reminder = ⏰ The deadline for granting access on request No. { $number } expires at { $at }.

## The specialist's card

card-title = 📩 <b>No. { $number }</b> · { $kind }
card-area = Area: { $area }
card-topic = Topic: { $topic }
card-requester = Requester: { $name }
card-requester-role = Role: { $role }
card-requester-role-class = Role: { $role }, class { $klass }
card-login = Login: { $login }
card-received = Received: { $at }
card-notice-at = Moment of notice: { $at }
card-deadline = Deadline: { $at }
card-substitute-for = You substitute for: { $name }
card-escalated =
    Passed on after waiting: { $count ->
        [one] once
       *[other] { $count } times
    }
card-attachments = Attachments: { $count }
card-button-take = ✋ Take
card-button-reply = 💬 Reply
card-button-handover = ↪️ Hand over
card-button-resolve = ✅ Resolved
card-taken-ok = The request is yours.
card-resolved-ok = Marked resolved.
card-already-taken = The request has already been taken: { $holder }
card-already-taken-unknown = The request has already been taken.
card-assigned-to-other = The request is with: { $holder }
card-assigned-to-other-unknown = The request is with someone else.
card-not-found = Request not found.
card-closed = The request is already closed.
card-staff-only = Only specialists and administrators can do this.
card-reply-ask = Write your answer to request No. { $number } (text, photo or document) in one message.
card-reply-sent = The answer to No. { $number } was sent to the requester.
card-closed-by-requester = The requester closed request No. { $number }.
card-reopened = 🔁 The requester reopened request No. { $number }.
card-state-new = Queued.
card-state-assigned = Waiting for someone to take it.
card-state-in-progress = In progress: { $who }
card-state-waiting = Waiting for the requester.
card-state-resolved = Resolved: { $who }
card-state-closed = Closed.
relay-from-requester = 💬 No. { $number } — { $name }:
relay-from-specialist = 💬 Answer to request No. { $number } — { $name }:
handover-ask = Hand request No. { $number } over to whom?
handover-to-area = Area: { $area }
handover-done = Handed over.
handover-done-text = Request No. { $number } was handed over to: { $who }
queue-title = <b>Your requests and queue ({ $count }):</b>
queue-line = No. { $number } — { $status }, since { $due }: { $name }
queue-empty = No open requests.
queue-take = Take No. { $number }
queue-reply = Reply No. { $number }

## Timetable

schedule-title = <b>Consultation timetable for ElJur</b> — { $school }
schedule-specialist = <b>{ $name }</b>{ $position } — { $areas }
schedule-slot =   { $day } { $start }–{ $end }, room { $room }
duty-now-title = <b>On duty now:</b>
duty-line = • { $name }{ $position }, room { $room }, until { $end }
duty-nobody-now = No consultations right now.
duty-next-title = <b>Next consultations:</b>
duty-next-line = • { $day } { $date }, { $start }–{ $end } — { $name }, room { $room }

## Administration

admin-only = Only the school's administration can do this.
register-title =
    <b>Register of requests</b>, { $start }–{ $end }
    Entries: { $count }
register-line = No. { $number } · { $at } · { $name } · { $kind } · { $status } · { $who }
register-line-nobody = No. { $number } · { $at } · { $name } · { $kind } · { $status }
register-usage = Filters: <code>/register 01.11.2026-30.11.2026 area=technical kind=question status=resolved spec=a</code>. Export with the XLSX and CSV buttons.
register-error-filter = Unknown filter. Allowed: area, kind, status, spec.
register-error-period = Write the period like this: 01.11.2026-30.11.2026.
register-sheet = Register of requests
register-file-title = Register of requests about ElJur — { $school }, { $start }–{ $end }
register-file-caption =
    Register of requests: { $count ->
        [one] { $count } entry
       *[other] { $count } entries
    }.
register-col-number = Number
register-col-received = Received
register-col-name = Requester
register-col-role = Role
register-col-class = Class
register-col-kind = Kind
register-col-area = Area
register-col-topic = Topic
register-col-text = Content
register-col-attachments = Attachments
register-col-taken-by = Handled by
register-col-taken-at = Taken
register-col-first-answer = First answer
register-col-resolved = Resolved
register-col-status = Status
register-col-outcome = Outcome
register-col-rating = Rating
register-col-escalations = Passed on along the chain, times
sub-ask-absent = Who is absent?
sub-ask-substitute =
    Absent: { $absent }
    Who substitutes?
sub-ask-period =
    Substitute: { $substitute }
    For how many days from today? Or write the period, e.g. 23.11.2026-27.11.2026
sub-days =
    { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
sub-error-period = Write the period like this: 23.11.2026-27.11.2026 (start not after end).
sub-saved =
    ✅ Substitution saved: { $start }–{ $end }
    Absent: { $absent }
    Substitute: { $substitute }
    Requests and consultation hours are passed on.
sub-notice-substitute =
    You substitute for the absent specialist from { $start } to { $end }: the consultation hours and requests come to you.
    Absent: { $absent }
sub-running = Substitutions now and ahead. Press one to cancel it:
sub-button-cancel = ❌ { $start }–{ $end }: { $absent } → { $substitute }
sub-cancelled =
    Substitution cancelled: { $start }–{ $end }
    Absent: { $absent }
    No longer substitutes: { $substitute }
    Requests still waiting for their hour went back to the specialist who was substituted.
sub-cancel-gone = This substitution is already cancelled.
sub-notice-cancelled =
    Substitution cancelled ({ $start }–{ $end }): you no longer substitute for the absent specialist. Requests you already have stay yours.
    Absent: { $absent }
card-undeliverable =
    ⚠️ The card of request No. { $number } could not be delivered: the recipient has not opened the bot yet. Ask them to press /start in the bot; meanwhile the request moves on along the chain.
    Recipient: { $name }

# Delivery: a card or alert that cannot be delivered goes to the next person who can act.
card-undeliverable-moved =
    ⚠️ The card of request No. { $number } could not be delivered: the recipient has not opened the bot or has blocked it. Ask them to press /start in the bot.
    Recipient: { $name }
    The request went to: { $who }
card-state-moved = Passed on to: { $who }
mine-moved-admins = Request No. { $number } went to the ElJur administrators.
mine-moved-person = Request No. { $number } went to <b>{ $name }</b>{ $position }
mine-moved-specialist = Request No. { $number } went to the specialist <b>{ $name }</b>{ $position }, room { $room }.
access-compromised-head-told = The head of school has been notified that your access was compromised (request No. { $number }).
access-compromised-head-unreachable = The message to the head of school about your compromised access (request No. { $number }) has not been delivered yet: the head has not opened the bot. It will be delivered as soon as the head opens the bot.
alert-head-unreachable =
    ⚠️ The alert of compromised access (request No. { $number }) could not be delivered to the head of school: the bot has not been opened. Ask the head to press /start in the bot.
    Head of school: { $name }
# The queue message: several requests that reached one person at once.
queue-list-title = 📋 <b>Waiting for you: { $count }</b>. Press «Take» and the full card of the request follows.
queue-list-done = 📋 <b>The queue is done.</b>
queue-list-line = { $n }. No. { $number } — { $name }, { $klass }: { $text }
queue-list-line-no-class = { $n }. No. { $number } — { $name }: { $text }
queue-list-line-done = { $n }. No. { $number } — { $state }
queue-list-take = ✋ No. { $number }
