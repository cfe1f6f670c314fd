"""Libraries through their front door (STYLE.md rule 13): the portal's sources use no private attribute of Django,
django-simple-history, Celery, redis or any other library. The one underscore API we may use is the documented
kind (Model._meta and friends, simple-history's _change_reason / _history_user / _history_date).

A name the portal itself defines (a module's ``_helper``, an attribute it sets on its own objects) is its own
business; the names listed in TEMPTING are libraries' internals whatever the portal does with them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "core",
    "documents",
    "themes",
    "plans",
    "consultations",
    "projects",
    "monitoring",
    "accounts",
    "search",
    "pages",
    "demo",
    "welfare_portal",
)

# Documented underscore APIs: Django's model options and managers, simple-history's attributes for who, when and
# why a version is saved, namedtuple's methods; ``_state`` only for its documented ``adding`` and ``db``.
ALLOWED = frozenset(
    {
        "_meta",
        "_default_manager",
        "_base_manager",
        "_change_reason",
        "_history_user",
        "_history_date",
        "_asdict",
        "_replace",
        "_fields",
        "_make",
    }
)
ALLOWED_STATE = frozenset({"adding", "db"})

# Internals that are known to be tempting: never allowed, even where the portal sets an attribute of that name.
TEMPTING = frozenset(
    {
        # django-simple-history
        "_history_m2m_fields",
        "_history_excluded_fields",
        "_history_m2m_fields_model_field_name",
        # Django ORM, cache and forms
        "_prefetched_objects_cache",
        "_result_cache",
        "_known_related_objects",
        "_fetch_all",
        "_clone",
        "_chain",
        "_iterable_class",
        "_db",
        "_hints",
        "_for_write",
        "_do_insert",
        "_do_update",
        "_state",
        "_cache",
        "_expire_info",
        "_wrapped",
        "_errors",
        "_mutable",
        # Celery and redis
        "_get_current_object",
        "_tasks",
        "_conf",
        "_pool",
        "_connection",
        "_client",
    }
)


def _sources():
    for app in APPS:
        yield from sorted((ROOT / app).rglob("*.py"))


def _defined_by_portal(trees) -> set[str]:
    """Underscore names the portal defines: functions, classes, module or class variables, attributes it sets."""
    names = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
    return {name for name in names if name.startswith("_")}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"


def private_uses(tree, own: set[str]) -> list[tuple[int, str]]:
    """(line, name) of each private attribute of something that is not the portal's: ``x._name`` (not on self or
    cls) and ``getattr/hasattr/setattr(x, "_name")``."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            name = node.attr
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls") and name not in TEMPTING:
                continue
            if name == "_state":
                parent = parents.get(node)
                if isinstance(parent, ast.Attribute) and parent.attr in ALLOWED_STATE:
                    continue
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "hasattr", "setattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and _is_private(node.args[1].value)
        ):
            name = node.args[1].value
        else:
            continue
        if name in TEMPTING or (name not in ALLOWED and name not in own):
            found.append((node.lineno, name))
    return found


def test_portal_sources_use_no_private_attribute_of_a_library():
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for path in _sources()}
    own = _defined_by_portal(trees.values()) - TEMPTING
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path, tree in trees.items()
        for line, name in private_uses(tree, own)
    ]
    assert not offences, "Private attributes of libraries (use the public API):\n" + "\n".join(offences)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('fields = getattr(model.history.model, "_history_m2m_fields", [])', [(1, "_history_m2m_fields")]),
        ("rows = queryset._result_cache", [(1, "_result_cache")]),
        ("obj._state.fields_cache.clear()", [(1, "_state")]),
        ("value = cache._cache.get(key)", [(1, "_cache")]),
        ("self._history_m2m_fields = []", [(1, "_history_m2m_fields")]),
        ("label = model._meta.label_lower", []),
        ("new = instance._state.adding", []),
        ("instance._change_reason = reason", []),
        ("self._seen = set()", []),
        ("value = helpers._own_helper()", []),
        ("value = library._internal", [(1, "_internal")]),
    ],
)
def test_the_check_finds_private_attributes_and_allows_documented_ones(source, expected):
    assert private_uses(ast.parse(source), own={"_own_helper"}) == expected
