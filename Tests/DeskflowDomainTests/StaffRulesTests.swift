import Testing

@testable import DeskflowDomain

@Suite("Staff rules")
struct StaffRulesTests {
    static let ana = StaffStanding(id: 1, name: "Ana", role: .manager, state: .active)
    static let bob = StaffStanding(id: 2, name: "Bob", role: .manager, state: .active)
    static let cleo = StaffStanding(id: 3, name: "Cleo", role: .viewer, state: .active)
    static let dan = StaffStanding(id: 4, name: "Dan", role: .manager, state: .disabled)
    static let eve = StaffStanding(id: 5, name: "Eve", role: .viewer, state: .disabled)

    /// Ana the only active manager; Dan a manager, but disabled.
    static let oneManager = [ana, cleo, dan, eve]
    static let twoManagers = [ana, bob, cleo, dan, eve]

    @Test(
        "what is refused, and why",
        arguments: [
            // change, member, actor, roster, refusal
            (StaffChange.disable, Int64(1), Int64(1), twoManagers, StaffRefusal.disableYourself),
            (.disable, 3, 3, twoManagers, .disableYourself),
            (.disable, 1, 3, oneManager, .lastManager(name: "Ana", change: .disable)),
            (.setRole(.viewer), 1, 1, oneManager, .lastManager(name: "Ana", change: .setRole(.viewer))),
            (.setRole(.viewer), 1, 3, oneManager, .lastManager(name: "Ana", change: .setRole(.viewer))),
            (.setRole(.viewer), 9, 1, twoManagers, .unknownMember),
            (.disable, 9, 1, twoManagers, .unknownMember),
            (.enable, 0, 1, twoManagers, .unknownMember),
        ]
    )
    func refusals(change: StaffChange, member: Int64, actor: Int64, roster: [StaffStanding], refusal: StaffRefusal) {
        #expect(StaffRules.decide(change, memberID: member, actorID: actor, roster: roster) == .failure(refusal))
    }

    @Test(
        "what is allowed, and the member as they will be",
        arguments: [
            // change, member, actor, roster, role after, state after, changes, ends sessions
            (StaffChange.setRole(.viewer), Int64(2), Int64(1), twoManagers, StaffRole.viewer, StaffState.active, true, false),
            (.setRole(.viewer), 1, 1, twoManagers, .viewer, .active, true, false),  // yourself, while Bob manages
            (.setRole(.manager), 3, 1, oneManager, .manager, .active, true, false),
            (.setRole(.manager), 1, 1, oneManager, .manager, .active, false, false),  // already a manager
            (.setRole(.viewer), 3, 1, oneManager, .viewer, .active, false, false),
            (.disable, 2, 1, twoManagers, .manager, .disabled, true, true),
            (.disable, 3, 1, oneManager, .viewer, .disabled, true, true),
            (.disable, 4, 1, oneManager, .manager, .disabled, false, false),  // already disabled: nothing to end
            (.enable, 4, 1, oneManager, .manager, .active, true, false),
            (.enable, 5, 1, oneManager, .viewer, .active, true, false),
            (.enable, 3, 1, oneManager, .viewer, .active, false, false),
            (.setRole(.viewer), 4, 1, oneManager, .viewer, .disabled, true, false),  // a disabled manager is no manager
        ]
    )
    func allowed(
        change: StaffChange, member: Int64, actor: Int64, roster: [StaffStanding], role: StaffRole, state: StaffState,
        changes: Bool, endsSessions: Bool
    ) throws {
        let decision = try StaffRules.decide(change, memberID: member, actorID: actor, roster: roster).get()
        #expect(decision.member.id == member)
        #expect(decision.member.role == role)
        #expect(decision.member.state == state)
        #expect(decision.changes == changes)
        #expect(decision.endsSessions == endsSessions)
    }

    @Test("two managers demoting each other: whichever is decided second is refused")
    func demotingEachOther() throws {
        // given Ana and Bob the only managers; Ana's demotion of Bob is decided first
        let first = try StaffRules.decide(.setRole(.viewer), memberID: 2, actorID: 1, roster: [Self.ana, Self.bob, Self.cleo]).get()
        let after = [Self.ana, first.member, Self.cleo]

        // when Bob's demotion of Ana is decided against the roster as it now is
        let second = StaffRules.decide(.setRole(.viewer), memberID: 1, actorID: 2, roster: after)

        // then
        #expect(second == .failure(.lastManager(name: "Ana", change: .setRole(.viewer))))
    }

    @Test(
        "each outcome says what happened",
        arguments: [
            (StaffChange.setRole(.viewer), Int64(2), "Bob is now a viewer."),
            (.setRole(.manager), 2, "Bob already was a manager."),
            (.disable, 2, "Bob is disabled and was signed out everywhere."),
            (.disable, 4, "Dan already was disabled."),
            (.enable, 4, "Dan is active again and can sign in."),
            (.enable, 2, "Bob already was active."),
        ]
    )
    func summaries(change: StaffChange, member: Int64, summary: String) throws {
        let decision = try StaffRules.decide(change, memberID: member, actorID: 1, roster: Self.twoManagers).get()
        #expect(decision.summary == summary)
    }

    @Test(
        "refusals explain themselves",
        arguments: [
            (StaffRefusal.disableYourself, "You can’t disable your own account. Ask another manager to do it."),
            (.lastManager(name: "Ana", change: .disable),
             "Ana is the last active manager, so they can’t be disabled. Make someone else a manager first."),
            (.lastManager(name: "Ana", change: .setRole(.viewer)),
             "Ana is the last active manager, so they must stay a manager. Make someone else a manager first."),
        ]
    )
    func refusalMessages(refusal: StaffRefusal, message: String) {
        #expect(refusal.message == message)
    }
}

@Suite("New staff members")
struct NewStaffMemberTests {
    static func errors(email: String = "ana@example.com", name: String = "Ana Lima", role: String = "viewer") -> [FieldError] {
        guard case .failure(let errors) = NewStaffMemberForm(email: email, name: name, role: role).validate() else { return [] }
        return errors.errors
    }

    @Test(
        "emails are trimmed and lowered",
        arguments: [
            ("ana@example.com", "ana@example.com"), ("  Ana@Example.COM ", "ana@example.com"),
            ("\tana.lima+shop@example.co.uk", "ana.lima+shop@example.co.uk"),
        ]
    )
    func normalisedEmail(typed: String, stored: String) throws {
        let member = try NewStaffMemberForm(email: typed, name: " Ana Lima ", role: "manager").validate().get()
        #expect(member == NewStaffMember(email: stored, name: "Ana Lima", role: .manager))
    }

    @Test(
        "addresses that are not one are refused",
        arguments: [
            "ana", "ana@", "@example.com", "ana@example", "ana@.example.com", "ana@example.com.", "ana@example..com",
            "ana@@example.com", "ana@bob@example.com", "ana lima@example.com", "ana@example.com\n", "ana\u{7}@example.com",
            String(repeating: "a", count: 250) + "@example.com",
        ]
    )
    func badEmail(typed: String) {
        #expect(Self.errors(email: typed) == [FieldError(field: "email", message: "Enter an email address like name@example.com.")])
    }

    @Test("every problem is listed at once, in the order of the fields")
    func everyProblem() {
        #expect(Self.errors(email: " ", name: "  ", role: "owner") == [
            FieldError(field: "email", message: "Enter the new member’s email address."),
            FieldError(field: "name", message: "Enter the name."),
            FieldError(field: "role", message: "Choose whether the new member is a manager or a viewer."),
        ])
    }

    @Test("a name is one line of at most 100 characters", arguments: [
        (String(repeating: "n", count: 101), "The name must be 100 characters or fewer; it has 101."),
        ("Ana\nLima", "The name contains characters that cannot be used."),
    ])
    func badName(typed: String, message: String) {
        #expect(Self.errors(name: typed) == [FieldError(field: "name", message: message)])
    }

    @Test("one-time passwords meet the password policy, differ, and avoid look-alike characters")
    func oneTimePasswords() {
        let passwords = (0..<50).map { _ in OneTimePassword.make() }
        #expect(Set(passwords).count == 50)
        #expect(passwords.allSatisfy { (try? PasswordPolicy.check($0).get()) != nil })
        #expect(passwords.allSatisfy { $0.count == OneTimePassword.length })
        #expect(passwords.allSatisfy { password in !password.contains { "0O1lI".contains($0) } })
    }
}
