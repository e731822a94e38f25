## The class teacher's printout (PDF) and the chart of averages
printout-subtitle = Класс { $klass } · отметки за неделю { $period }
printout-col-subject = Предмет
printout-col-marks = Отметки за неделю
printout-col-average = Средний балл
printout-col-change = Изменение за неделю
printout-col-absences = Пропуски
printout-col-forecast = Прогноз
printout-too-few = (мало отметок: { $count } из { $need })
printout-no-marks = Отметок и пропусков пока нет.
printout-absences-total = Пропущено уроков за неделю: { $absences }, опозданий: { $late }.
printout-legend = Обозначения: н — причина пропуска не указана, б — по болезни, у — по уважительной причине, оп — опоздание. Средний балл — средневзвешенный (с учётом веса отметок), с начала { $term ->
        [quarter] четверти
        [half] полугодия
        [trimester] триместра
        [year] учебного года
       *[other] учебного периода
    }. Отметку за { $term ->
        [quarter] четверть
        [half] полугодие
        [trimester] триместр
        [year] год
       *[other] учебный период
    } выставляет учитель; прогноз показывает, к какой отметке ведут текущие.
printout-signature = Ознакомлен(а): ____________________ / ____________________     Дата: ______________
chart-title = Средний балл по предметам, неделя { $start }–{ $end }
chart-previous = неделю назад
