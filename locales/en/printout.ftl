## The class teacher's printout (PDF) and the chart of averages
printout-subtitle = Class { $klass } · marks for the week { $period }
printout-col-subject = Subject
printout-col-marks = Marks this week
printout-col-average = Average
printout-col-change = Change
printout-col-absences = Absences
printout-col-forecast = Forecast
printout-too-few = (too few marks: { $count } of { $need })
printout-no-marks = No marks in this period yet.
printout-absences-total = Absences this week: { $count } (н — absent, б — ill, у — valid reason, оп — late).
printout-signature = Read by: ____________________ / ____________________     Date: ______________
chart-title = Average by subject, week { $start }–{ $end }
chart-previous = a week before
