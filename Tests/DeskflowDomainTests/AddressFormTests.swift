import Testing

@testable import DeskflowDomain

@Suite("Address form")
struct AddressFormTests {
    static func form(
        name: String = "Jane Doe", line1: String = "1 Main St", line2: String = "", city: String = "Springfield",
        region: String = "IL", postalCode: String = "62701", country: String = "US"
    ) -> AddressForm {
        AddressForm(name: name, line1: line1, line2: line2, city: city, region: region, postalCode: postalCode, country: country)
    }

    static func errors(_ form: AddressForm) -> [FieldError] {
        guard case .failure(let errors) = form.validate() else { return [] }
        return errors.errors
    }

    @Test("a complete address is accepted as typed, with no second line")
    func valid() throws {
        let address = try Self.form().validate().get()
        #expect(
            address
                == Address(
                    name: "Jane Doe", line1: "1 Main St", line2: "", city: "Springfield", region: "IL", postalCode: "62701",
                    country: "US"))
    }

    @Test("every field is trimmed, the second line is kept when given, and the country code is upper-cased")
    func trimmedAndUppercased() throws {
        let address = try Self.form(
            name: "  Jane Doe ", line1: "\t1 Main St ", line2: " Apt 4 ", city: " Springfield\n", region: " IL ",
            postalCode: " 62701 ", country: " us "
        ).validate().get()
        #expect(
            address
                == Address(
                    name: "Jane Doe", line1: "1 Main St", line2: "Apt 4", city: "Springfield", region: "IL", postalCode: "62701",
                    country: "US"))
    }

    @Test("an address read from an order validates back to itself")
    func roundTrip() throws {
        let address = Address(
            name: "Ann Lee", line1: "22 Mill Road", line2: "Unit 3", city: "Boise", region: "ID", postalCode: "83702", country: "US")
        #expect(try AddressForm(address).validate().get() == address)
    }

    @Test(
        "each required field left empty or blank is refused with a message naming it",
        arguments: [
            ("name", "Enter the name."),
            ("line1", "Enter the address line 1."),
            ("city", "Enter the town or city."),
            ("region", "Enter the state or region."),
            ("postal_code", "Enter the postal code."),
            ("country", "Enter the country code."),
        ]
    )
    func requiredField(field: String, message: String) {
        for blank in ["", "   ", "\t\n"] {
            var form = Self.form()
            switch field {
            case "name": form.name = blank
            case "line1": form.line1 = blank
            case "city": form.city = blank
            case "region": form.region = blank
            case "postal_code": form.postalCode = blank
            default: form.country = blank
            }
            #expect(Self.errors(form) == [FieldError(field: field, message: message)], "\(field) = \(blank.debugDescription)")
        }
    }

    @Test("an empty form lists every required field, in the order of the form; the second line is optional")
    func emptyForm() {
        let errors = Self.errors(Self.form(name: "", line1: "", line2: "", city: "", region: "", postalCode: "", country: ""))
        #expect(errors.map(\.field) == ["name", "line1", "city", "region", "postal_code", "country"])
    }

    @Test(
        "each field has a maximum length: at it the field is accepted, one over it is refused",
        arguments: [
            ("name", 100, "name"), ("line1", 100, "address line 1"), ("line2", 100, "address line 2"),
            ("city", 60, "town or city"), ("region", 60, "state or region"), ("postal_code", 12, "postal code"),
        ]
    )
    func maximumLength(field: String, limit: Int, label: String) {
        func form(_ value: String) -> AddressForm {
            var form = Self.form()
            switch field {
            case "name": form.name = value
            case "line1": form.line1 = value
            case "line2": form.line2 = value
            case "city": form.city = value
            case "region": form.region = value
            default: form.postalCode = value
            }
            return form
        }
        #expect(Self.errors(form(String(repeating: "9", count: limit))) == [])
        #expect(
            Self.errors(form(String(repeating: "9", count: limit + 1)))
                == [FieldError(field: field, message: "The \(label) must be \(limit) characters or fewer; it has \(limit + 1).")])
    }

    @Test(
        "the country must be two letters",
        arguments: [
            ("U", "Enter the two-letter country code, for example US."),
            ("U1", "Enter the two-letter country code, for example US."),
            ("12", "Enter the two-letter country code, for example US."),
            ("ÜS", "Enter the two-letter country code, for example US."),
            ("U.", "Enter the two-letter country code, for example US."),
            ("USA", "Enter the two-letter country code, for example US."),
            ("United States", "Enter the two-letter country code, for example US."),
        ]
    )
    func countryCode(country: String, message: String) {
        #expect(Self.errors(Self.form(country: country)) == [FieldError(field: "country", message: message)])
    }

    @Test("a valid two-letter country is accepted in any case", arguments: ["US", "us", "Ca", "gB"])
    func countryCase(country: String) throws {
        #expect(try Self.form(country: country).validate().get().country == country.uppercased())
    }

    @Test(
        "control characters are refused in any field",
        arguments: ["\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}"]
    )
    func controlCharacters(character: String) {
        let errors = Self.errors(
            Self.form(name: "Jane\(character)Doe", line2: "Apt\(character)4", postalCode: "627\(character)01"))
        #expect(
            errors == [
                FieldError(field: "name", message: "The name contains characters that cannot be used."),
                FieldError(field: "line2", message: "The address line 2 contains characters that cannot be used."),
                FieldError(field: "postal_code", message: "The postal code contains characters that cannot be used."),
            ])
    }

    @Test("every problem is reported at once")
    func severalProblems() {
        let errors = Self.errors(
            Self.form(name: "", line1: String(repeating: "x", count: 101), postalCode: "", country: "USA"))
        #expect(errors.map(\.field) == ["name", "line1", "postal_code", "country"])
    }

    @Test("a line break inside a one-line address field is refused")
    func lineBreakInsideAField() {
        #expect(Self.errors(Self.form(line1: "1 Main St\nBcc: someone@example.com")).map(\.field) == ["line1"])
        #expect(Self.errors(Self.form(city: "Spring\rfield")).map(\.field) == ["city"])
    }
}
