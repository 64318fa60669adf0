"""The storefront API kept honest against its contract: every request below, and every answer to it, successes and
refusals alike, is validated against Resources/openapi.yaml by openapi-core, on a real `deskflow serve --demo`.
A field the server sends that the spec does not list fails here (the schemas forbid additional properties)."""

import json
import uuid

import pytest
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from conftest import PACKAGE_ROOT, api_token

SPEC = OpenAPI.from_file_path(str(PACKAGE_ROOT / "Resources" / "openapi.yaml"))


def order_body(**overrides) -> dict:
    body = {
        "currency": "USD",
        "customer": {"name": "Rosa Diaz", "email": "rosa.contract@example.com"},
        "shipping_address": {"name": "Rosa Diaz", "line1": "12 Elm St", "city": "Springfield", "region": "IL",
                             "postal_code": "62701", "country": "US"},
        "lines": [{"sku": "MUG-CER-01", "quantity": 2, "unit_price_minor": 1800}],
        "shipping_minor": 500,
        "tax_minor": 288,
        "payment": {"provider": "simulated", "method": {"brand": "Visa", "last4": "4242"}, "status": "paid",
                    "amount_minor": 4388},
    }
    body.update(overrides)
    return body


class API:
    def __init__(self, deskflow, token):
        self.base = deskflow.url("/api/v1")
        self.token = token

    def call(self, method: str, path: str, *, token: str | None = "default", body=None, raw: bytes | None = None,
             key: str | None = "new", params=None, validate_request: bool = True) -> requests.Response:
        headers = {}
        token = self.token if token == "default" else token
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if method == "POST" and key is not None:
            headers["Idempotency-Key"] = str(uuid.uuid4()) if key == "new" else key
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = requests.Request(method, self.base + path, headers=headers, data=data, params=params).prepare()
        response = requests.Session().send(request, timeout=30)
        openapi_request = RequestsOpenAPIRequest(request)
        if validate_request:
            SPEC.validate_request(openapi_request)
        SPEC.validate_response(openapi_request, RequestsOpenAPIResponse(response))
        return response


@pytest.fixture(scope="module")
def api(deskflow, storefront_token):
    return API(deskflow, storefront_token)


def error_code(response: requests.Response) -> str:
    return response.json()["error"]["code"]


def test_placing_reading_and_listing_answer_as_the_spec_says(api):
    placed = api.call("POST", "/orders", body=order_body())
    assert placed.status_code == 201
    number = placed.json()["number"]
    assert placed.headers["Location"] == f"/api/v1/orders/{number}"

    read = api.call("GET", f"/orders/{number}")
    assert read.status_code == 200 and read.json()["status"] == "processing"

    first_page = api.call("GET", "/orders")
    assert first_page.status_code == 200 and first_page.json()["next_cursor"]
    second = api.call("GET", "/orders", params={"cursor": first_page.json()["next_cursor"]})
    assert second.status_code == 200
    assert {o["number"] for o in first_page.json()["orders"]}.isdisjoint({o["number"] for o in second.json()["orders"]})
    recent = api.call("GET", "/orders", params={"updated_since": read.json()["updated_at"]})
    assert number in [o["number"] for o in recent.json()["orders"]]


def test_failed_payment_order_carries_its_issue(api):
    failed = api.call("POST", "/orders", body=order_body(payment={
        "provider": "simulated", "status": "failed", "amount_minor": 4388, "failure_message": "Your card was declined."}))
    assert failed.status_code == 201
    assert failed.json()["issue"]["kind"] == "payment_failed"


def test_a_repeat_replays_the_first_answer_byte_for_byte(api):
    key = str(uuid.uuid4())
    first = api.call("POST", "/orders", body=order_body(), key=key)
    again = api.call("POST", "/orders", body=order_body(), key=key)
    assert again.status_code == 201 and again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"
    other = api.call("POST", "/orders", body=order_body(tax_minor=0), key=key)
    assert other.status_code == 422 and error_code(other) == "idempotency_key_reused"


@pytest.mark.parametrize("overrides, field, code", [
    ({"lines": [{"sku": "NO-SUCH-SKU", "quantity": 1, "unit_price_minor": 100}]}, "lines[0].sku", "unknown_sku"),
    ({"lines": [{"sku": "MUG-CER-01", "quantity": 0, "unit_price_minor": 1800}]}, "lines[0].quantity", "invalid_field"),
    ({"tax_minor": 0}, "payment.amount_minor", "totals_mismatch"),
    ({"currency": "EUR"}, "lines[0].sku", "currency_mismatch"),
])
def test_invalid_orders_are_refused_naming_the_field(api, overrides, field, code):
    # The spec itself forbids these bodies, so only the answer is checked against it.
    refused = api.call("POST", "/orders", body=order_body(**overrides), validate_request=code != "invalid_field")
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == field and error_code(refused) == code


def test_refusals_of_the_request_itself(api, deskflow):
    missing = api.call("POST", "/orders", body={"currency": "USD"}, validate_request=False)
    assert missing.status_code == 422 and error_code(missing) == "missing_field"
    malformed = api.call("POST", "/orders", raw=b"{not json", validate_request=False)
    assert malformed.status_code == 400 and error_code(malformed) == "malformed_json"
    no_key = api.call("POST", "/orders", body=order_body(), key=None, validate_request=False)
    assert no_key.status_code == 400 and error_code(no_key) == "missing_idempotency_key"
    too_large = api.call("POST", "/orders", raw=b" " * (300 * 1024), validate_request=False)
    assert too_large.status_code == 413
    unknown = api.call("GET", "/orders/999999")
    assert unknown.status_code == 404
    bad_cursor = api.call("GET", "/orders", params={"cursor": "nonsense"})
    assert bad_cursor.status_code == 400

    taken = api.call("GET", "/orders").json()["orders"][0]["number"]
    duplicate = api.call("POST", "/orders", body=order_body(number=taken))
    assert duplicate.status_code == 409 and error_code(duplicate) == "duplicate_number"

    nobody = api.call("GET", "/orders/1001", token=None, validate_request=False)
    assert nobody.status_code == 401 and nobody.headers["WWW-Authenticate"] == "Bearer"
    viewer = api.call("POST", "/orders", token=api_token(deskflow, "reporting", role="viewer"), body=order_body())
    assert viewer.status_code == 403
