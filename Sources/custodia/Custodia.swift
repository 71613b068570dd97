@main struct Custodia { static func main() {} }
