## Hostile and mistaken input: stale buttons, limits, periods, text before consent

handover-to-admins = To the administrators
register-error-period-range = The period's dates must lie between 01.01.2000 and 31.12.2099.
sub-error-past = A substitution must end today ({ $today }) or later. Please write another period, e.g. 23.11.2026-27.11.2026.
sub-error-too-long =
    A substitution lasts at most { $days ->
        [one] { $days } day
       *[other] { $days } days
    } in a row. Please write a shorter period.

import-file-refused = The file was not accepted: { $reason }
import-error-too-many-columns =
    the file has more than { $limit ->
        [one] { $limit } column
       *[other] { $limit } columns
    }. Keep only the ones needed: student's full name, class, subject, date, mark, and optionally weight, counts, kind of work, lesson, comment.
import-error-too-large-inside = unpacked, the file is larger than { $mb } MB — it does not look like a table of marks.

draft-kept = Your message is kept. To send it as a request, please first consent to the processing of your data with the button under this message.
draft-offer = Before consenting you wrote:

    { $text }

    Create a request with this text?
draft-button-use = 📝 Create a request
draft-button-drop = No, thanks
draft-dropped = All right, the text is deleted.

forget-orphan-notice = ⚠️ Nobody receives the weekly summaries in Telegram any more: the parent deleted their data. No summaries are sent for the student, who is now in the printout.
    Student: { $name }, class { $klass }
    Printout: /printout { $klass }
import-error-row-too-long =
    the file has a row longer than { $chars ->
        [one] { $chars } character
       *[other] { $chars } characters
    } — it does not look like a table of marks.
