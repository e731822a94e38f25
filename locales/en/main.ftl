## Onboarding: greeting, consent, role

start-greeting = Hello! This is the support bot for the ElJur electronic class register — <b>{ $school }</b>.
    Ask a question, report a problem or make a suggestion here: your request goes to the specialist who holds consultations by the timetable.
consent-title = <b>Consent to the processing of personal data</b> (Federal Law No. 152-FZ “On Personal Data” of 27.07.2006)
consent-operator = Personal data operator: { $operator }.
consent-operator-address = Personal data operator: { $operator }; address: { $address }.
start-welcome-back = Welcome back!
consent-text = <b>Purposes:</b> taking and handling requests about ElJur, keeping the school's register of requests, informing parents of their child's progress and attendance.
    <b>Data processed:</b>
    • everyone: Telegram ID, language, role, time of consent;
    • requesters: full name, class (parents and students), ElJur login (in requests about access), the texts of requests, attachments, the conversation about them and the rating of the consultation;
    • parents: the link to the child (the child's full name and class), the child's marks and absences, weekly summaries and mark forecasts, when the summaries were read;
    • school staff: full name, position, room and consultation hours.
    <b>Actions:</b> collection, recording, systematisation, storage, correction, use, transfer to the school's specialists and administration, deletion and destruction; the processing is automated.
    <b>Where:</b> the data are stored on the school's server. The bot's messages pass through the servers of the Telegram messenger, which are outside Russia and not under the school's control.
    <b>How long:</b> profile data are kept while the consent stands. The school keeps the entries of the register of requests for { $years } { $years ->
        [one] year
       *[other] years
    }.
    <b>Withdrawal:</b> at any time with /forget or by a written application to the school. After withdrawal the profile, the links to children and the record of reading summaries are deleted; the register of requests keeps its entries without names and texts.
consent-document = The school's document “{ $document }” describes the processing in detail.
consent-button-accept = ✅ I consent
consent-button-decline = I do not consent
consent-thanks = Thank you, your consent is recorded.
consent-declined = Without consent the bot cannot take a request. You can reach the school without the bot.
consent-required = Please give your consent to the processing of personal data first: send /start.
role-question = Choose your role: it decides what a request needs.
role-parent = Parent
role-student = Student
role-teacher = Teacher
role-class-teacher = Class teacher
role-administration = Administration
role-chosen = Role: <b>{ $role }</b>. Change it with /role.
button-outdated = This button no longer works. Send /start or /help.

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
    /mydata — everything the bot keeps about you (also as a file)
    /forget — withdraw consent and delete your data (the bot asks you to confirm); the register of requests keeps its entries without names and texts
    /announcements — which school announcements to receive
    /cancel — stop the current action
    /id — your Telegram ID
help-requester = <b>Requests</b>
    /new — a new request (question, remark, suggestion)
    /my — my requests
    /role — change your role
    /children — my children (linked by an invitation code: /link CODE)
    /marks — the children's marks for this week
help-specialist = <b>For specialists</b>
    /queue — my requests and queue
    Cards of new requests arrive here with the buttons Take, Reply, Hand over, Resolved.
help-class-teacher = <b>For class teachers</b>
    /invite — an invitation for a student's parent
    /optout — record a refusal of the web diary, /optouts — the register
    /import — load marks from a file
    /printout — the week's marks printed for parents
help-admin = <b>For the administration</b>
    /register — the register of requests and its export
    /substitute — name a substitute for a specialist
    /staff — staff: who has joined, links to join
    /reload — read the school file again without a restart
    /status — the state of the bot and of delivery
    /announce — an announcement to staff, to the parents of a class or a grade, to everyone
    /report — the activity report for a month, a quarter or a year; /archive — the year's archive of the register
    /backup — a backup copy of the database now; /audit — the trail of actions with data
help-no-consent = To send a request, start with /start.

## In person (R1.5)

in-person-title = <b>In person, during consultation hours:</b>
in-person-line = • { $day } { $start }–{ $end }, room { $room } — { $name }
in-person-line-no-room = • { $day } { $start }–{ $end } — { $name }
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
    Stored: Telegram ID, language, role, full name, class, your requests with attachments and the conversation about them; for parents, the link to the child, the child's marks and absences, weekly summaries and when they were read.
    Why: to answer requests, to keep the school's register of requests, to inform parents weekly of progress and attendance.
    Where: on the school's server; messages pass through Telegram's servers.
    Operator: { $operator }. The register of requests is kept for { $years } { $years ->
        [one] year
       *[other] years
    }.
privacy-consent-none = No consent given, nothing is stored.
privacy-consent-at = Consent given: { $at } (school time).

## Cancel, fallback, errors

cancel-done = Cancelled. Everything sent before is kept.
cancel-nothing = There is nothing to cancel.
fallback-text = This message was not recognised. Commands: /help.
fallback-unsupported = The bot does not accept this kind of message. You can send text, a photo or a document.
error-generic = The action could not be completed. What you entered is kept — please try again a little later.

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

link-ok = ✅ Done, the link is set up.
    Student: <b>{ $name }</b>, { $klass }
    This week's marks: /marks. If the family chose to be informed through the bot, weekly summaries will come here.
link-already = The link is already set up. Student: { $name }, { $klass }
link-unknown = There is no such invitation code. Check it or ask the class teacher for a new one.
link-expired = This invitation has expired. Ask the class teacher for a new one.
link-used = This invitation has been used already. Each code works once — ask for a new one.
link-throttled = Too many wrong attempts. Please try again in an hour.
link-usage = Send the invitation code like this: /link CODE
children-title = <b>Your children</b>
children-line = • { $name }, { $klass }
children-none = You are not linked to any student yet. The class teacher gives out invitation codes.
invite-only-teachers = Invitations are issued by class teachers and the administration.
invite-ask-name = An invitation for a parent. Write the <b>student's full name</b>.
invite-not-your-class = Class { $klass } is not yours: invitations are for the students of your own class.
invite-issued = An invitation for a parent. Student: <b>{ $name }</b>, { $klass }
    { $link }
    Code: <code>{ $code }</code> — works for { $days } { $days ->
        [one] day
       *[other] days
    }, once. Give it to the parent in person.

## The register of parents who declined the web diary (R5.1)

optout-ask-student = An entry in the register of parents who declined the web diary. Write the <b>student's full name</b>.
optout-ask-parent = Write the <b>full name of the parent</b> (legal representative) who applied.
optout-ask-date = Date of the written application (DD.MM.YYYY)?
optout-error-date = Write the date like 20.11.2026, not later than today.
optout-ask-channel = How is the parent informed weekly?
optout-channel-telegram = Through this bot
optout-channel-paper = A printout (paper)
optout-form-telegram = through the bot in Telegram
optout-form-paper = a printout
optout-saved = ✅ The application is in the register.
    Student: { $student }, { $klass }
    Parent (legal representative): { $parent }
    Date of the application: { $date }
    How informed: { $channel }
optout-duplicate = This application is already in the register.
    Student: { $student }, { $klass }
    Parent (legal representative): { $parent }
    Date of the application: { $date }
optouts-title = <b>Register of parents who declined the web diary</b> (entries: { $count })
optouts-line = • { $klass }, student: { $student }; parent: { $parent }; application of { $date }; { $channel }
optouts-none = The register is empty so far.

## Weekly summaries for parents (R5.1–R5.5)
summary-title = 📘 <b>Progress this week</b>
    Student: { $name }, { $klass }
    Week { $start }–{ $end } · { $period }
summary-forecast-title = 🔮 <b>Forecast of the marks for the { $term ->
        [quarter] quarter
        [half] half-year
        [trimester] trimester
        [year] year
       *[other] marking period
    }</b>
    Student: { $name }, { $klass } · { $period }
    Based on the marks as of { $end }. The teacher sets the mark for the { $term ->
        [quarter] quarter
        [half] half-year
        [trimester] trimester
        [year] year
       *[other] marking period
    }; the forecast shows where the current marks lead.
summary-overall = Marks this week: { $marks }. Lessons missed: { $absences }, late arrivals: { $late }.
summary-overall-average = Average across all subjects: { $average }.
summary-no-marks = No marks since the start of the { $term ->
        [quarter] quarter
        [half] half-year
        [trimester] trimester
        [year] school year
       *[other] marking period
    } yet.
summary-subject = <b>{ $subject }</b>: average { $average }{ $change }{ $forecast }
summary-subject-no-average = <b>{ $subject }</b>: no marks yet
summary-change = this week: { $delta }
summary-forecast = , forecast “{ $mark }”
summary-week-marks = Marks this week: { $marks }
summary-absences = Lessons missed: { $list }
summary-late = Late arrivals (оп): { $count }
summary-too-few = ⚠️ A mark for the { $term ->
        [quarter] quarter
        [half] half-year
        [trimester] trimester
        [year] year
       *[other] marking period
    } needs at least { $need } { $need ->
        [one] mark
       *[other] marks
    }; marks so far: { $count }.
summary-footer = The average is weighted (each mark counts by its weight), since the start of the { $term ->
        [quarter] quarter
        [half] half-year
        [trimester] trimester
        [year] school year
       *[other] marking period
    }. Press “Seen” when you have read it.
summary-button-ack = ✅ Seen
summary-button-chart = 📊 Chart
summary-ack-thanks = Thank you, noted.
summary-acked = ✅ Seen
summary-not-yours = This summary is not about your child.
summary-chart-none = Too few marks for a chart yet.
absence-absent = no reason given (н)
absence-ill = ill (б)
absence-valid = valid reason (у)
absence-late = late (оп)
summary-unreachable = ⚠️ The weekly summary was not delivered: the parent has blocked the bot.
    Student: { $name }, { $klass }
    A printout is needed: /printout { $klass }
summary-progress-weekly = { $done ->
    [yes] ✅ Weekly summaries for the week of { $start } sent: { $sent } of { $total }. Blocked the bot: { $blocked }, could not be sent: { $failed }.
   *[no] 📬 Weekly summaries for the week of { $start }: { $sent } of { $total } sent; blocked the bot: { $blocked }, could not be sent: { $failed }. About { $minutes } min left.
}
summary-progress-forecast = { $done ->
    [yes] ✅ Mark forecasts sent: { $sent } of { $total }. Blocked the bot: { $blocked }, could not be sent: { $failed }.
   *[no] 🔮 Mark forecasts: { $sent } of { $total } sent; blocked the bot: { $blocked }, could not be sent: { $failed }. About { $minutes } min left.
}
views-report = 👀 <b>Class { $klass }: parents and marks, { $start }–{ $end }</b>
    The school's rule: parents look at the marks at least { $times } { $times ->
        [one] time
       *[other] times
    } a week.
    Looked often enough:
    { $checked }
    Looked less often:
    { $unchecked }
views-line = • Parent: { $parent }; student: { $student }; views: { $count }
views-nobody = nobody

## Marks import (CSV, XLSX) and the printout
import-not-allowed = This is for class teachers and the administration.
import-ask-file = Send the file with the marks: CSV or XLSX. The first row holds the headers: ФИО ученика (student), Класс (class), Предмет (subject), Дата (date), Отметка (mark); optionally Вес (weight), Учитывается (counts), Вид работы (kind of work), Урок (lesson), Комментарий (comment). A filled-in sample is in the file below. Cancel: /cancel
import-sample-caption = A sample file with marks
import-need-file = A file with the marks is needed: CSV or XLSX (the sample is above). Cancel: /cancel
import-try-again = Fix the file and send it again — nothing has been written yet.
import-rejected = The file was not accepted; nothing was written. Rows in the file: { $rows }, errors: { $errors }.
import-row = Row { $row }:
import-more-errors = …and { $count } more errors.
import-done = ✅ File accepted. Rows: { $rows }; classes: { $classes }.
    New marks: { $marks }, new absences: { $absences }, already there: { $unchanged }. New students: { $students }.
import-error-too-big = the file is larger than { $mb } MB.
import-error-format = a CSV or XLSX file is needed.
import-error-unreadable = the file cannot be read (damaged, or an unknown encoding).
import-error-empty = the file has no rows with marks.
import-error-header = the first row has the wrong headers. Missing: { $missing }. Unknown: { $unknown }.
import-error-header-missing = the first row lacks the headers: { $missing }.
import-error-header-unknown = the first row has unknown headers: { $unknown }. Name the columns as in the sample.
import-error-too-many = the file has more than { $limit } { $limit ->
        [one] row
       *[other] rows
    }; split it, e.g. by class.
import-error-empty-cell = the column “{ $column }” is empty.
import-error-name = “{ $value }” does not look like a student's name.
import-error-class = “{ $value }” is not a class (e.g. 5А).
import-error-not-your-class = class { $value } is not your class.
import-error-subject = “{ $value }”: the subject's name is longer than { $max } { $max ->
        [one] character
       *[other] characters
    }.
import-error-date = “{ $value }” is not a date (DD.MM.YYYY).
import-error-mark = “{ $value }” is not a known mark (1–5 with + or −, “3/5”, н, б, у, оп, н/а).
import-error-weight = “{ $value }”: the weight must be a number above 0 and at most 10.
import-error-counts = “{ $value }”: write yes or no under “counts”.
import-error-lesson = “{ $value }”: the lesson number is 1 to 12.
import-error-final = “{ $value }”: a mark for a quarter, half-year or year must be one mark from 2 to 5.
import-error-final-not-attested = “{ $value }”: the school's rules do not allow “н/а” (not assessed) for a quarter, half-year or year: the student's assessment is extended and the mark is set in ElJur after the make-up. Remove this row from the file.
final-title = 🏁 <b>Final marks</b>
    Student: { $name }, { $klass }
final-line = { $subject } — “{ $mark }” ({ $date })
marks-no-children = No student is linked yet. The class teacher gives out invitation codes.
paper-which-class = Name the class: /printout 5A (or /printout 5A all — for every student of the class).
paper-nobody = Class { $klass } has no families that get the marks on paper or cannot get them in Telegram. To print for everyone: /printout { $klass } all
paper-caption = Marks for the week, class { $klass }. Students in the printout: { $count } (a page each).
