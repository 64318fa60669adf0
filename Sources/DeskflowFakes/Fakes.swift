/// Outside systems as tests meet them: servers started on a local port that speak the real protocol and record what
/// they were sent. Linked by tests only, never by the product.
public enum Fakes {}
