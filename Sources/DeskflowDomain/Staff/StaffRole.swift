/// What a staff member may do: managers change orders, viewers only look.
public enum StaffRole: String, CaseIterable, Codable, Sendable {
    case manager
    case viewer

    public var canChangeOrders: Bool { self == .manager }
    /// Viewers may not even see who has access.
    public var canManageStaff: Bool { self == .manager }

    public var label: String {
        switch self {
        case .manager: "Manager"
        case .viewer: "Viewer"
        }
    }
}
