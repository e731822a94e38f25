## The ЭлЖур connector (docs/eljur.md)
eljur-unavailable = ⚠️ ElJur does not answer: the marks were not refreshed; the summaries keep the last data received. Error: { $error }
eljur-back = ✅ ElJur answers again: the marks are refreshed.

## A pull that left some students as they were
eljur-partial = ⚠️ ElJur did not answer for every student. Students without an answer keep their marks as they were: the summaries show the last data received.
    Students refreshed: { $stored }
    Unchanged: { $gaps }
    • not in the answer: { $absent }
    • an answer without marks: { $empty }
    • an answer that could not be read: { $garbled }
    • refused by ElJur: { $refused }
    Details are in the bot's log.
eljur-whole = ✅ ElJur answers for every student again: the marks are refreshed.

## A setting is wrong: one message, no pulls until it is fixed and the bot restarted
eljur-config-login = ⛔ ElJur does not accept the bot's login or password: check the settings ELJUR_LOGIN and ELJUR_PASSWORD. Pulling marks from ElJur is stopped until the setting is fixed and the bot restarted; marks can be loaded from a file with /import. ElJur's answer: { $error }
eljur-config-vendor = ⛔ ElJur does not find the school named in the setting ELJUR_VENDOR (the school's name in the ElJur address). Pulling marks from ElJur is stopped until the setting is fixed and the bot restarted; marks can be loaded from a file with /import. ElJur's answer: { $error }
eljur-config-devkey = ⛔ ElJur does not let the bot use the API with the developer key from the setting ELJUR_DEVKEY. Pulling marks from ElJur is stopped until the setting is fixed and the bot restarted; marks can be loaded from a file with /import. ElJur's answer: { $error }

## What the account can read
eljur-reads-nothing = ⚠️ The ElJur account in the setting ELJUR_LOGIN cannot read the marks of any of the school's students{ $role ->
        [none] .
        [teacher] {""} (its role in ElJur: teacher).
        [administrator] {""} (its role in ElJur: administrator).
        [parent] {""} (its role in ElJur: parent).
        [student] {""} (its role in ElJur: student).
       *[other] {""} (its role in ElJur: { $role }).
    } Such an account sees only the students related to it (a parent's children). Marks are loaded from a file with /import.
eljur-unreadable-class = ℹ️ Class { $klass }: the bot cannot get these students' marks from ElJur, as its account is not related to them. Their marks are still loaded from a file with /import.
    { $names }

## /status
eljur-status-access = 📓 ElJur: the account's role is { $role }; marks are readable for { $readable } of { $total ->
        [one] { $total } student
       *[other] { $total } students
    } with an ElJur number.
eljur-status-access-norole = 📓 ElJur: the account has no role; marks are readable for { $readable } of { $total ->
        [one] { $total } student
       *[other] { $total } students
    } with an ElJur number.
eljur-status-unreadable = Loaded from a file (the account is not related to them), by class: { $classes }
eljur-status-unknown = 📓 ElJur: what the account can read could not be checked: { $error }
eljur-status-last = Last pull: students refreshed — { $stored }, unchanged — { $gaps }; empty marks skipped — { $phantoms }, periods without dates — { $ambiguous }.
eljur-role = { $role ->
        [parent] parent
        [student] student
        [teacher] teacher
        [administrator] administrator
       *[other] { $role }
    }
