/// Working days in Peru: Monday to Friday except the national holidays (feriados), for the terms counted in
/// working days (TR-4 appeal window, docs/legal/peru-operations.md example 26).
///
/// The holidays are the national ones of the Government's yearly list (gob.pe, "Feriados") [SECONDARY]: fixed
/// dates, with the year each began, and Holy Thursday and Good Friday (from Easter). Days declared "no laborables"
/// for the public sector by a decree of the year are not holidays and are not here [OPEN]; a term that must count
/// them needs a legal review.
public enum WorkingDays {
    /// Fixed-date national holidays: month, day and the first year it applies.
    static let fixed: [(month: Int, day: Int, since: Int)] = [
        (1, 1, 1900),  // Año Nuevo
        (5, 1, 1900),  // Día del Trabajo
        (6, 7, 2023),  // Batalla de Arica y Día de la Bandera
        (6, 29, 1900),  // San Pedro y San Pablo
        (7, 23, 2023),  // Día de la Fuerza Aérea del Perú
        (7, 28, 1900), (7, 29, 1900),  // Fiestas Patrias
        (8, 6, 2022),  // Batalla de Junín
        (8, 30, 1900),  // Santa Rosa de Lima
        (10, 8, 1900),  // Combate de Angamos
        (11, 1, 1900),  // Todos los Santos
        (12, 8, 1900),  // Inmaculada Concepción
        (12, 9, 2022),  // Batalla de Ayacucho
        (12, 25, 1900),  // Navidad
    ]

    /// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").
    public static func easter(_ year: Int) -> CivilDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: year, month: month, day: day)!
    }

    public static func isHoliday(_ date: CivilDate) -> Bool {
        if fixed.contains(where: { $0.month == date.month && $0.day == date.day && date.year >= $0.since }) { return true }
        let easter = easter(date.year)
        return date == easter.adding(days: -3) || date == easter.adding(days: -2)
    }

    /// Monday to Friday, not a holiday.
    public static func isWorkingDay(_ date: CivilDate) -> Bool {
        // 1970-01-01 was a Thursday: day 0 → weekday index 3 with Monday as 0.
        let weekday = ((date.daysSinceEpoch % 7) + 7 + 3) % 7
        return weekday < 5 && !isHoliday(date)
    }

    /// The `count`th working day after `date` (the day itself not counted, as a term notified on a day starts the
    /// next).
    public static func adding(_ count: Int, after date: CivilDate) -> CivilDate {
        var day = date
        var left = count
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day
    }
}
