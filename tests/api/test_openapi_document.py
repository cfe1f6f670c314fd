"""The OpenAPI document is generated from the routes: it lists every one of them and is well-formed OpenAPI 3.1."""

import re

import pytest
from django.urls import resolve

from welfare_portal import api_urls

pytestmark = pytest.mark.django_db

PATH_PARAMETER = re.compile(r"{([^}]+)}")
OPERATIONS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def references(value):
    """Every "$ref" anywhere in ``value``."""
    if isinstance(value, dict):
        if isinstance(value.get("$ref"), str):
            yield value["$ref"]
        for item in value.values():
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def test_document_lists_every_route_of_the_api_but_its_index(document):
    named = {pattern.name for pattern in api_urls.urlpatterns} - {"root"}
    listed = {item["get"]["operationId"] for item in document["paths"].values()}
    assert listed == named


def test_each_documented_path_leads_to_the_route_of_its_operation(document):
    for path, item in document["paths"].items():
        operation = item["get"]
        address = "/api/v1" + path
        for parameter in operation["parameters"]:
            if parameter["in"] == "path":
                address = address.replace(f"{{{parameter['name']}}}", str(parameter["example"]))
        assert resolve(address).view_name == "api:" + operation["operationId"], path


def test_document_is_structurally_openapi_3_1(document):
    assert document["openapi"].startswith("3.1.")
    assert isinstance(document["info"]["title"], str)
    assert isinstance(document["info"]["version"], str)
    assert [server["url"] for server in document["servers"]] == ["http://testserver/api/v1"]

    operation_ids = []
    for path, item in document["paths"].items():
        assert path.startswith("/"), path
        # HEAD is answered like GET but not described: one operation, one operationId, per route.
        assert set(item) == {"get"}, path
        operation = item["get"]
        operation_ids.append(operation["operationId"])
        assert isinstance(operation["summary"], str) and operation["summary"], path
        assert operation["responses"], path
        for status, response in operation["responses"].items():
            assert re.fullmatch(r"[1-5]\d\d", status), (path, status)
            assert isinstance(response["description"], str), (path, status)
            assert response["content"]["application/json"]["schema"], (path, status)

        parameters = operation["parameters"]
        assert len({(p["name"], p["in"]) for p in parameters}) == len(parameters), path
        for parameter in parameters:
            assert parameter["in"] in {"query", "path", "header", "cookie"}, (path, parameter)
            assert isinstance(parameter["schema"], dict) and parameter["schema"]["type"], (path, parameter)
            assert isinstance(parameter["description"], str) and parameter["description"], (path, parameter)
        in_path = {p["name"] for p in parameters if p["in"] == "path"}
        assert in_path == set(PATH_PARAMETER.findall(path)), path
        assert all(p["required"] for p in parameters if p["in"] == "path"), path
    assert len(operation_ids) == len(set(operation_ids))

    schemas = document["components"]["schemas"]
    assert all(re.fullmatch(r"[\w.-]+", name) for name in schemas)
    for reference in set(references(document)):
        assert reference.startswith("#/components/schemas/"), reference
        assert reference.removeprefix("#/components/schemas/") in schemas, reference
    for name, schema in schemas.items():
        assert schema["type"] == "object", name
        assert set(schema.get("required", ())) <= set(schema["properties"]), name
