## Onboarding: greeting, consent, role

start-greeting = Hello! This is the support bot for the «ЭлЖур» electronic class register — <b>{ $school }</b>.
    Ask a question, report a problem or make a suggestion here: your request reaches the specialist who holds consultations by the timetable.
start-welcome-back = Welcome back!
consent-text = <b>Consent to the processing of personal data</b> (Federal Law 152-FZ)
    To take your request the bot stores: your Telegram ID, language, role, full name, class (for parents and students), the text and attachments of your requests and the conversation about them. The data are used only to answer your requests and to keep the school's register of requests; they stay on the school's server and are shared with nobody.
    You can withdraw your consent at any time with /forget.
consent-button-accept = ✅ I agree
consent-button-decline = I do not agree
consent-thanks = Thank you, your consent is recorded.
consent-declined = Without consent the bot cannot take a request. You can come in person or write an e-mail.
consent-required = Please give your consent first: send /start.
role-question = Who are you? Choose your role — it decides what a request needs.
role-parent = Parent
role-student = Student
role-teacher = Teacher
role-class-teacher = Class teacher
role-administration = Administration
role-chosen = Role: <b>{ $role }</b>. Change it with /role.
button-outdated = This button is outdated. Send /start or /help.

## Language

lang-switch-to-ru = 🇷🇺 Русский
lang-switch-to-en = 🇬🇧 English
lang-question = Choose your language.
lang-changed = Language: English.

## Help

help-everyone = <b>What the bot can do</b>
    /help — this help
    /schedule — the specialists' consultation timetable
    /duty — who is on duty now and who is next
    /language — language (русский / English)
    /privacy — what data are stored
    /forget — withdraw consent and delete your data
    /cancel — stop the current action
    /id — your Telegram id
help-requester = <b>Requests</b>
    /new — a new request (question, remark, suggestion)
    /my — my requests
    /role — change your role
    /children — my children (linked by an invitation code: /link CODE)
help-specialist = <b>For specialists</b>
    /queue — my requests and queue
    Cards of new requests arrive here with the buttons Take, Reply, Hand over, Resolved.
help-class-teacher = <b>For class teachers</b>
    /invite — an invitation for a student's parent
    /optout — record a refusal of the web diary, /optouts — the register
help-admin = <b>For the administration</b>
    /register — the register of requests and its export
    /substitute — name a substitute for a specialist
    /staff — staff: who has joined, links to join
    /reload — read the school file again without a restart
help-no-consent = To send a request, start with /start.

## In person (R1.5)

in-person-title = <b>In person, during consultation hours:</b>
in-person-line = • { $day } { $start }–{ $end }, room { $room } — { $name }
in-person-email = E-mail: { $email }

weekday-mon = Mon
weekday-tue = Tue
weekday-wed = Wed
weekday-thu = Thu
weekday-fri = Fri
weekday-sat = Sat
weekday-sun = Sun

## Privacy

privacy-text = <b>Your data</b>
    Stored: Telegram ID, language, role, full name, class, your requests with attachments and the conversation about them, your children's marks (for parents subscribed to the weekly summaries).
    Why: to answer your requests, to keep the school's register of requests, to inform parents weekly about progress.
    Where: only on the school's server. The register of requests is kept for 5 years.
privacy-consent-none = No consent given, nothing is stored.
privacy-consent-at = Consent given: { $at }.

## Cancel, fallback, errors

cancel-done = Cancelled. Everything sent before is kept.
cancel-nothing = There is nothing to cancel.
fallback-text = I did not understand that. Commands: /help.
fallback-unsupported = The bot does not accept this kind of message. You can send text, a photo or a document.
error-generic = Something went wrong. What you entered is kept — please try again a little later.

## Command menu

cmd-start = Start
cmd-help = Help
cmd-new = New request
cmd-my = My requests
cmd-schedule = Consultation timetable
cmd-duty = Who is on duty now
cmd-language = Language
cmd-privacy = My data
cmd-cancel = Cancel the current action


## Links between parents and children (R6.5)

link-ok = ✅ Done: you are linked to the student <b>{ $name }</b>, { $klass }. Progress summaries will come here.
link-already = You are already linked to the student { $name }, { $klass }.
link-unknown = There is no such invitation code. Check it or ask the class teacher for a new one.
link-expired = This invitation has expired. Ask the class teacher for a new one.
link-used = This invitation has been used already. Each code works once — ask for a new one.
link-throttled = Too many wrong attempts. Please try again in an hour.
link-usage = Send the invitation code like this: /link CODE
children-title = <b>Your children:</b>
children-line = • { $name }, { $klass }
children-none = You are not linked to any student yet. The class teacher gives out invitation codes.
invite-only-teachers = Invitations are issued by class teachers and the administration.
invite-ask-name = An invitation for a parent. Write the <b>student's full name</b>.
invite-not-your-class = Class { $klass } is not yours. Invitations are for the students of your own class.
invite-issued = An invitation for a parent of <b>{ $name }</b>, { $klass }:
    { $link }
    Code: <code>{ $code }</code> — works for { $days } days, once. Give it to the parent in person.

## The register of parents who declined the web diary (R5.1)

optout-ask-student = An entry in the register of parents who declined the web diary. Write the <b>student's full name</b>.
optout-ask-parent = Write the <b>full name of the parent</b> (legal representative) who applied.
optout-ask-date = Date of the written application (DD.MM.YYYY)?
optout-error-date = Write the date like 20.11.2026, not later than today.
optout-ask-channel = How is the parent informed weekly?
optout-channel-telegram = Through this bot
optout-channel-paper = A printout (paper)
optout-saved = ✅ In the register: { $parent } — parent of { $student }, { $klass }; application of { $date }; channel: { $channel }.
optout-duplicate = This application is already in the register: { $parent }, { $student }, { $klass }, of { $date }.
optouts-title = <b>Register of parents who declined the web diary</b> ({ $count }):
optouts-line = • { $klass } { $student } — { $parent }, application of { $date }, { $channel }
optouts-none = The register is empty so far.

## Weekly summaries for parents (R5.1–R5.5)
summary-title = 📘 <b>Progress: { $name }, { $klass }</b>
    Week { $start }–{ $end } · { $period }
summary-forecast-title = 🔮 <b>Forecast of the marks for “{ $period }”: { $name }, { $klass }</b>
    Based on the marks as of { $end }. The teacher sets the final marks; the forecast shows where the current marks lead.
summary-overall = Marks this week: { $marks }, average across subjects: { $average }, absences: { $absences }.
summary-no-marks = No marks in this period yet.
summary-subject = <b>{ $subject }</b> — average { $average }{ $change }{ $forecast }
summary-forecast = , forecast “{ $mark }”
summary-week-marks = This week: { $marks }
summary-absences = Absences: { $list }
summary-too-few = ⚠️ A period mark needs at least { $need } marks; there are { $count } so far.
summary-footer = The average is weighted, from the start of the period. Press “Read” when you have read it.
summary-button-ack = ✅ Read
summary-button-chart = 📊 Chart
summary-ack-thanks = Thank you, noted.
summary-acked = ✅ Read
summary-not-yours = This summary is not about your child.
summary-chart-none = Too few marks for a chart yet.
absence-absent = absent
absence-ill = ill
absence-valid = valid reason
absence-late = late
summary-unreachable = ⚠️ The parent of { $name } ({ $klass }) has blocked the bot: the weekly summary was not delivered. A printout is needed: /printout
summary-progress-weekly = { $done ->
    [yes] ✅ Weekly summaries for the week of { $start } sent: { $sent } of { $total }. Blocked the bot: { $blocked }, errors: { $failed }.
   *[no] 📬 Weekly summaries for the week of { $start }: { $sent } of { $total } sent, blocked the bot: { $blocked }, errors: { $failed }. About { $minutes } min left.
}
summary-progress-forecast = { $done ->
    [yes] ✅ Mark forecasts sent: { $sent } of { $total }. Blocked the bot: { $blocked }, errors: { $failed }.
   *[no] 🔮 Mark forecasts: { $sent } of { $total } sent, blocked the bot: { $blocked }, errors: { $failed }. About { $minutes } min left.
}
views-report = 👀 <b>{ $klass }: parents and marks, { $start }–{ $end }</b> (R5.5: at least twice a week)
    Looked twice or more:
    { $checked }
    Less than twice:
    { $unchecked }

## Marks import (CSV, XLSX) and the printout
import-not-allowed = Class teachers and administrators can do this.
import-ask-file = Send the file with the marks: CSV or XLSX, the first row being the headers (ФИО ученика / student, Класс / class, Предмет / subject, Дата / date, Отметка / mark; optionally weight, counts, kind of work, lesson, comment). Sample: samples/marks-example.csv. Cancel: /cancel
import-try-again = Fix the file and send it again — nothing has been written yet.
import-rejected = The file was not accepted: { $errors } errors in { $rows } rows. Nothing was written.
import-row = Row { $row }:
import-more-errors = …and { $count } more errors.
import-done = ✅ File accepted: { $rows } rows (classes: { $classes }). New marks: { $marks }, new absences: { $absences }, already there: { $unchanged }. New students: { $students }.
import-error-too-big = the file is larger than { $mb } MB.
import-error-format = a CSV or XLSX file is needed.
import-error-unreadable = the file cannot be read (damaged, or an unknown encoding).
import-error-empty = the file has no rows with marks.
import-error-header = the first row has the wrong headers. Missing: { $missing }. Unknown: { $unknown }.
import-error-too-many = the file has more than { $limit } rows; split it.
import-error-name = “{ $value }” does not look like a student's name.
import-error-class = “{ $value }” is not a class (e.g. 5A).
import-error-not-your-class = class { $value } is not your class.
import-error-subject = “{ $value }”: no subject name (or longer than 80 characters).
import-error-date = “{ $value }” is not a date (DD.MM.YYYY).
import-error-mark = “{ $value }” is not a known mark (1–5 with + or −, “3/5”, н, б, у, оп, н/а).
import-error-weight = “{ $value }”: the weight must be a number above 0 and at most 10.
import-error-counts = “{ $value }”: write yes or no under “counts”.
import-error-lesson = “{ $value }”: the lesson number is 1 to 12.
import-error-final = “{ $value }”: a final mark must be one mark from 2 to 5 (“н/а” cannot be a final mark).
final-title = 🏁 <b>Final marks: { $name }, { $klass }</b>
final-line = { $subject } — “{ $mark }” ({ $date })
marks-no-children = You are not linked to a student yet. Ask the class teacher for an invitation.
paper-which-class = Name the class: /printout 5A (or /printout 5A all — for every student of the class).
paper-nobody = { $klass } has no families that get the marks on paper or cannot get them in Telegram. To print for everyone: /printout { $klass } all
paper-caption = Marks of { $klass } for the week: { $count } students, a page each.
