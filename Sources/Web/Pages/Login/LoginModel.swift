/// The sign-in form: the double-submit token, where to go after, the name typed and why it failed.
struct LoginModel: PageModel {
    var layout: LayoutModel
    var loginToken: String
    var next: String
    var username: String
    var error: String?
}
