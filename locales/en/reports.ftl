## Activity reports (monthly, quarterly, yearly) and the yearly archive of the register

report-period-monthly = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
report-period-quarterly = Q{ $quarter } { $year }
report-period-yearly = year { $year }
report-period-archive = year { $year }

report-title-monthly = 📊 <b>Help desk activity report</b>
report-title-quarterly = 📊 <b>Quarterly help desk report</b>
report-title-yearly = 📊 <b>Yearly help desk report</b>
report-period-line = Period: { $period }
report-line-filed = { $count ->
    [one] { $count } request
   *[other] { $count } requests
} filed; resolved: { $resolved }, waiting at the period's end: { $waiting }.
report-line-active = Active participants: { $count }.
report-line-first-answer = Time to the first answer (median): { $working } of working time, { $calendar } of calendar time.
report-line-resolution = Time to resolution (median): { $working } of working time, { $calendar } of calendar time.
report-line-no-times = No answers or resolutions in the period.
report-line-escalations = Escalations: { $escalations }, hand-overs: { $handovers }, conduct violations: { $breaches }.
report-line-rating = Average rating: { $average } (ratings: { $count }).
report-line-no-rating = No ratings in the period.
report-line-parents = Parents checked the marks { $checks ->
    [one] { $checks } time
   *[other] { $checks } times
}; weekly summaries delivered: { $delivered }, not delivered: { $unreachable }.
report-files-note = The tables are in the XLSX file, the chart in the image.
report-hours = { $hours } h
report-caption-xlsx = Report tables. Period: { $period }
report-caption-png = Report chart. Period: { $period }
report-making = Preparing the report…
report-usage = Usage: /report — last month; /report 2026-10 — a month; /report 2026-Q3 — a quarter; /report 2026 — a year. The register's yearly archive for printing: /archive 2026.
report-bad-period = The period could not be recognised.
report-future = This period has not begun yet.
report-admins-only = Reports are available to the administration only.
report-failed = The report could not be prepared. Please try again later.

## The yearly archive of the register
archive-message = 🗄 <b>Yearly archive of the register of requests</b>
    Period: { $period }
    Entries: { $count }.
    The PDF is for printing and signing, the XLSX is the electronic copy.
archive-caption-pdf = The register's archive for printing and signing. Period: { $period }
archive-caption-xlsx = The register's archive, electronic copy. Period: { $period }
archive-usage = Usage: /archive — the register's archive for last year; /archive 2026 — for that year.
archive-pdf-title = Register of requests
archive-pdf-period = Period: { $start } — { $end }
archive-pdf-count = Entries: { $count }
archive-pdf-empty = No entries in this period.
archive-pdf-page = Page { $page } of { $pages }
archive-pdf-signatures = The register was checked and archived.
archive-pdf-sign-head = Head: ____________________ / ____________________
archive-pdf-sign-admin = Keeper of the register: ____________________ / ____________________
archive-pdf-sign-date = Date: ____ ______________ 20____
archive-col-number = No.
archive-col-received = Received
archive-col-requester = Requester
archive-col-kind = Kind
archive-col-area = Area
archive-col-specialist = Specialist
archive-col-resolved = Resolved
archive-col-status = Status

## The workbook
report-sheet-summary = Summary
report-sheet-activity = Activity
report-sheet-kinds = By kind
report-sheet-areas = By area
report-sheet-specialists = By specialist
report-sheet-times = Times
report-sheet-events = Escalations and conduct
report-sheet-ratings = Ratings
report-sheet-parents = Parents and summaries
report-file-title = { $school }. Help desk activity report. Period: { $period }
report-col-figure = Figure
report-col-value = Value
report-col-role = Role
report-col-people = Participants
report-col-kind = Kind of request
report-col-area = Area
report-col-filed = Filed
report-col-waiting = Waiting at the period's end
report-col-specialist = Specialist
report-col-taken = Taken
report-col-answered = First answers
report-col-resolved = Resolved
report-col-measure = Time
report-col-count = Count
report-col-median-working = Median, working hours
report-col-p90-working = 90th percentile, working hours
report-col-median-calendar = Median, calendar hours
report-col-p90-calendar = 90th percentile, calendar hours
report-col-event = Event
report-col-stars = Rating
report-col-ratings = Ratings given
report-measure-first-answer = To the first answer
report-measure-resolution = To resolution
report-figure-filed = Requests filed
report-figure-resolved = Requests resolved
report-figure-closed = Requests closed
report-figure-waiting = Waiting at the period's end
report-figure-active = Active participants
report-figure-escalations = Escalations
report-figure-handovers = Hand-overs to another specialist
report-figure-courtesy-marks = Messages marked as rude
report-figure-breaches = Requests ended for a conduct violation
report-figure-complaints = Complaints
report-figure-reopened = Requests reopened
report-figure-rating-average = Average rating
report-figure-ratings = Ratings
report-figure-checks = Parents' checks of the marks
report-figure-checks-ack = of them "Acknowledged"
report-figure-checks-open = of them openings of the marks
report-figure-parents-checking = Parents who checked the marks
report-figure-parents-twice = Parents who checked the marks at least twice a week on average
report-figure-parents-linked = Parents linked to the bot
report-figure-summaries-queued = Weekly summaries sent
report-figure-summaries-delivered = Weekly summaries delivered
report-figure-summaries-acknowledged = Summaries parents acknowledged
report-figure-summaries-unreachable = Summaries not delivered (chat unreachable)
report-role-parent = Parents
report-role-student = Students
report-role-teacher = Teachers
report-role-class-teacher = Class teachers
report-role-administration = Administration
report-role-specialist = Specialists
report-role-admin = Administrators
report-role-head = Head
report-role-unknown = Role not given
report-total = Total
report-none = none

## The chart
report-chart-title = { $school }: { $period }
report-chart-kinds = Requests by kind
report-chart-areas = Requests by area
report-chart-times = Median times, h
report-chart-working = working
report-chart-calendar = calendar
report-chart-active = Active participants
report-chart-empty = no data
