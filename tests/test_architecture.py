"""The direction of imports docs/ARCHITECTURE.md draws, checked on the code: a new import that
points the wrong way (a service reading the request, the delivery engine reaching up into what
caseworkers record, one audience's blueprint using another's) fails here."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parent.parent / "portal"
BLUEPRINTS = ("portal.victim", "portal.caseworker", "portal.webhooks", "portal.dev")
# Services every area may use, which use no other area.
SHARED = ("portal.services.access", "portal.services.audit", "portal.services.errors",
          "portal.services.identifiers", "portal.services.working_days")
# Areas above the delivery engine: they call it, it never calls them.
ABOVE_DELIVERY = ("portal.services.case_file", "portal.services.victim_input",
                  "portal.services.sign_in", "portal.services.case_view",
                  "portal.services.preferences", "portal.services.staff_admin",
                  "portal.services.retention", "portal.demo")


def module_name(path: Path) -> str:
    parts = path.relative_to(PORTAL.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module this file imports (``from a import b`` counts as ``a`` and ``a.b``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {module_name(p): imports(p) for p in PORTAL.rglob("*.py")}


def within(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def offenders(sources, targets) -> list[tuple[str, str]]:
    return sorted((module, target) for module, found in MODULES.items()
                  if within(module, sources) for target in found if within(target, targets))


def test_the_modules_were_found():
    assert len(MODULES) > 80 and "portal.services.delivery.dispatcher" in MODULES


def test_services_never_read_the_request_or_use_a_blueprint_or_its_forms():
    assert offenders(["portal.services"], [*BLUEPRINTS, "portal.forms", "flask.request"]) == []


def test_the_delivery_engine_never_reaches_up_into_the_areas_that_call_it():
    assert offenders(["portal.services.delivery"], ABOVE_DELIVERY) == []


def test_shared_services_use_no_area():
    areas = [*ABOVE_DELIVERY, "portal.services.delivery"]
    assert offenders(SHARED, areas) == []


@pytest.mark.parametrize("audience, other", [("portal.victim", "portal.caseworker"),
                                             ("portal.caseworker", "portal.victim")])
def test_audiences_stay_apart(audience, other):
    assert offenders([audience], [other]) == []


def test_leaves_import_nothing_of_ours_above_them():
    assert offenders(["portal.i18n"], ["portal"]) == []
    assert offenders(["portal.london"], ["portal"]) == []
    assert [o for o in offenders(["portal.models"], ["portal"])
            if not within(o[1], ["portal.models", "portal.extensions"])] == []
    assert [o for o in offenders(["portal.channels"], ["portal"])
            if not within(o[1], ["portal.channels"])] == []


def test_views_leave_the_database_to_the_services():
    """Views parse a form, call one service and render: none touches db.session itself."""
    assert offenders(BLUEPRINTS, ["portal.extensions.db", "sqlalchemy"]) == []
