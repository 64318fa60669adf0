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

    public func validate() -> Result<Address, FormErrors> {
        var errors: [FieldError] = []
        let name = TextField("name", label: "Name").check(self.name, into: &errors)
        let line1 = TextField("line1", label: "Address line 1").check(self.line1, into: &errors)
        let line2 = TextField("line2", label: "Address line 2", required: false).check(self.line2, into: &errors)
        let city = TextField("city", label: "Town or city", maximumLength: 60).check(self.city, into: &errors)
        let region = TextField("region", label: "State or region", maximumLength: 60).check(self.region, into: &errors)
        let postalCode = TextField("postal_code", label: "Postal code", maximumLength: 12).check(self.postalCode, into: &errors)
        var country = TextField("country", label: "Country code", maximumLength: 60).check(self.country, into: &errors)
        if let code = country, code.count != 2 || !code.allSatisfy({ $0.isLetter && $0.isASCII }) {
            errors.append(FieldError(field: "country", message: "Enter the two-letter country code, for example US."))
            country = nil
        }
        guard errors.isEmpty, let name, let line1, let city, let region, let postalCode, let country else {
            return .failure(FormErrors(errors))
        }
        return .success(Address(
            name: name, line1: line1, line2: line2 ?? "", city: city, region: region, postalCode: postalCode,
            country: country.uppercased()))
    }
}
