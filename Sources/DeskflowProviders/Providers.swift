/// Real outside systems behind Operations' ports: the Stripe payment gateway and outgoing webhooks, over
/// AsyncHTTPClient. Operations never imports an HTTP client; the executable picks these and hands them in.
public enum Providers {}
