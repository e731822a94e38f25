## The class teacher's printout (PDF) and the chart of averages
printout-subtitle = Class { $klass } · marks for the week { $period }
printout-col-subject = Subject
printout-col-marks = Marks this week
printout-col-average = Average
printout-col-change = Change this week
printout-col-absences = Absences
printout-col-forecast = Forecast
printout-too-few = (too few marks: { $count } of { $need })
printout-no-marks = No marks or absences yet.
printout-absences-total = Lessons missed this week: { $absences }, late arrivals: { $late }.
printout-legend = Codes: н — absent, no reason given; б — ill; у — valid reason; оп — late. The average is weighted (each mark by its weight), since the start of the { $term ->
        [quarter] quarter
        [half] half-year
        [trimester] trimester
        [year] school year
       *[other] marking period
    }. The teacher sets the mark for the { $term ->
        [quarter] quarter
        [half] half-year
        [trimester] trimester
        [year] school year
       *[other] marking period
    }; the forecast shows where the current marks lead.
printout-signature = Read by: ____________________ / ____________________     Date: ______________
chart-title = Average by subject, week { $start }–{ $end }
chart-previous = a week ago
