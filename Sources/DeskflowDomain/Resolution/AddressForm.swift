/// The shipping address form, as typed.
public struct AddressForm: Hashable, Sendable {
    public var name: String
    public var line1: String
    public var line2: String
    public var city: String
    public var region: String
    public var postalCode: String
    public var country: String

    public init(name: String, line1: String, line2: String, city: String, region: String, postalCode: String, country: String) {
        self.name = name
        self.line1 = line1
        self.line2 = line2
        self.city = city
        self.region = region
        self.postalCode = postalCode
        self.country = country
    }

    public init(_ address: Address) {
        self.init(
            name: address.name, line1: address.line1, line2: address.line2, city: address.city, region: address.region,
            postalCode: address.postalCode, country: address.country)
    }

    /// Each field once: the form dialog and the checks below both read these.
    public enum Fields {
        public static let name = TextField("name", label: "Name")
        public static let line1 = TextField("line1", label: "Address line 1")
        public static let line2 = TextField("line2", label: "Address line 2", required: false)
        public static let city = TextField("city", label: "Town or city", maximumLength: 60)
        public static let region = TextField("region", label: "State or region", maximumLength: 60)
        public static let postalCode = TextField("postal_code", label: "Postal code", maximumLength: 12)
        public static let country = TextField("country", label: "Country code", maximumLength: 2)
    }

    public func validate() -> Result<Address, FormErrors> {
        var errors: [FieldError] = []
        let name = Fields.name.check(self.name, into: &errors)
        let line1 = Fields.line1.check(self.line1, into: &errors)
        let line2 = Fields.line2.check(self.line2, into: &errors)
        let city = Fields.city.check(self.city, into: &errors)
        let region = Fields.region.check(self.region, into: &errors)
        let postalCode = Fields.postalCode.check(self.postalCode, into: &errors)
        // Any country code that is not two letters gets the same plain answer, however long it is.
        let typedCountry = self.country.trimmingWhitespace()
        var country: String?
        if !typedCountry.isEmpty, typedCountry.count != 2 || !typedCountry.allSatisfy({ $0.isLetter && $0.isASCII }) {
            errors.append(FieldError(field: Fields.country.name, message: "Enter the two-letter country code, for example US."))
        } else {
            country = Fields.country.check(self.country, into: &errors)
        }
        guard errors.isEmpty, let name, let line1, let city, let region, let postalCode, let country else {
            return .failure(FormErrors(errors))
        }
        return .success(Address(
            name: name, line1: line1, line2: line2 ?? "", city: city, region: region, postalCode: postalCode,
            country: country.uppercased()))
    }
}
