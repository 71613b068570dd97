/// INPE's monthly report on the staff pages (issue 15 point 1): the month asked for, the census's day, the tables of
/// the regional offices and the establishments with the occupancy chart, ages, foreigners and the month's movements.
struct MonthlyReportModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var month: String
    var monthError: String?
    var cutoff: String
    var chart: String
    var offices: [Row]
    var total: Row
    var establishments: [Row]
    var ages: [Cells]
    var foreigners: [Cells]
    var hasForeigners: Bool
    var movements: [Cells]
    var csv: [Link]

    struct Row {
        var name: String
        var capacity: String
        var population: String
        var procesados: String
        var sentenciados: String
        var men: String
        var women: String
        var occupancy: String
        var occupancyClass: String
        var overpopulation: String
        var overcrowded: String
    }

    struct Cells {
        var label: String
        var men: String
        var women: String
        var total: String
    }

    struct Link {
        var href: String
        var label: String
    }
}
