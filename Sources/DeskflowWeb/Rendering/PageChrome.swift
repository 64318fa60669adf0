/// What the layout around every page shows: title, who is signed in, the sign-out form's token, the flash,
/// and the `data-` hooks of the `<main>` element.
struct PageChrome {
    struct DataAttribute {
        var name: String
        var value: String
    }

    var title: String
    var signedIn: Bool
    var staffName: String
    var staffRole: String
    var csrfToken: String
    var flash: String?
    var mainAttributes: [DataAttribute]
    var navOrders: Bool
    var navAttention: Bool
    var navInventory: Bool
    var navNotifications: Bool
    var navReports: Bool
    var navStaff: Bool
    /// Only managers manage staff, so only they see the link.
    var showsStaffLink: Bool
    /// A modal dialog is open: the page behind it is `inert`, so keyboard focus stays in the dialog without script.
    var behindDialog: Bool

    init(
        title: String, context: AppRequestContext, consumeFlash: Bool = true, mainAttributes: [DataAttribute] = [],
        navOrders: Bool = false, navAttention: Bool = false, navInventory: Bool = false,
        navNotifications: Bool = false,
        navReports: Bool = false, navStaff: Bool = false, behindDialog: Bool = false
    ) {
        self.title = title
        self.signedIn = context.staff != nil
        self.staffName = context.staff?.name ?? ""
        self.staffRole = context.staff?.role.label ?? ""
        self.csrfToken = context.csrfToken ?? ""
        self.flash = consumeFlash ? Self.takeFlash(context) : nil
        self.mainAttributes = mainAttributes
        self.navOrders = navOrders && !navAttention
        self.navAttention = navAttention
        self.navInventory = navInventory
        self.navNotifications = navNotifications
        self.navReports = navReports
        self.navStaff = navStaff
        self.showsStaffLink = context.staff?.role.canManageStaff ?? false
        self.behindDialog = behindDialog
    }

    /// Reads the one-time message and removes it from the session, so a reload does not show it again.
    private static func takeFlash(_ context: AppRequestContext) -> String? {
        context.sessions.withLockedSession { data -> String? in
            guard let flash = data?.flash else { return nil }
            data?.flash = nil
            return flash
        }
    }
}
