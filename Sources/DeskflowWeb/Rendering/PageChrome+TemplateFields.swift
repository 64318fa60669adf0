import DeskflowTemplates

extension PageChrome: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "title": .text { $0.title },
        "signedIn": .flag { $0.signedIn },
        "staffName": .text { $0.staffName },
        "staffRole": .text { $0.staffRole },
        "csrfToken": .text { $0.csrfToken },
        "flash": .text { $0.flash },
        "mainAttributes": .list { $0.mainAttributes },
        "navOrders": .flag { $0.navOrders },
        "navAttention": .flag { $0.navAttention },
        "navInventory": .flag { $0.navInventory },
        "navNotifications": .flag { $0.navNotifications },
        "navReports": .flag { $0.navReports },
        "navStaff": .flag { $0.navStaff },
        "showsStaffLink": .flag { $0.showsStaffLink },
        "behindDialog": .flag { $0.behindDialog },
    ]
}

extension PageChrome.DataAttribute: TemplateScope {
    static let templateFields: TemplateFields<Self> = [
        "name": .text { $0.name },
        "value": .text { $0.value },
    ]
}
