/// INPE's monthly report on the staff pages (issue 15 point 1): the month asked for, the census's day, the tables of
/// the regional offices and the establishments with the occupancy chart, ages, foreigners and the month's movements.
struct MonthlyReportModel: PageModel {
    var layout: LayoutModel
    var heading: String
    var month: String
    var monthError: String?
    var cutoff: String
    var chart: String
    var trendChart: String
    var trend: [Cells]
    var offices: [Row]
    var total: Row
    var establishments: [Row]
    var ages: [Cells]
    var foreigners: [Cells]
    var hasForeigners: Bool
    var movements: [Cells]
    var types: [Types]
    var crimes: [Crime]
    var sentences: [Cells]
    var csv: [Link]

    struct Types {
        var office: String
        var a: String
        var b: String
        var c: String
        var d: String
        var total: String
    }

    struct Crime {
        var rank: String
        var label: String
        var procesados: String
        var sentenciados: String
        var total: String
        var share: String
    }

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
