## The class teacher's printout (PDF) and the chart of averages
printout-subtitle = Класс { $klass } · отметки за неделю { $period }
printout-col-subject = Предмет
printout-col-marks = Отметки за неделю
printout-col-average = Средний балл
printout-col-change = За неделю
printout-col-absences = Пропуски
printout-col-forecast = Прогноз
printout-too-few = (мало отметок: { $count } из { $need })
printout-no-marks = За этот период отметок пока нет.
printout-absences-total = Пропусков за неделю: { $count } (н — отсутствие, б — болезнь, у — уважительная причина, оп — опоздание).
printout-signature = Ознакомлен(а): ____________________ / ____________________     Дата: ______________
chart-title = Средний балл по предметам, неделя { $start }–{ $end }
chart-previous = неделю назад
