"""Every view behind ``login_required`` takes an ``AuthenticatedHttpRequest`` (``naervaer.http``),
so mypy knows ``request.user`` is a ``User`` there and no view needs a cast or an ignore for it."""

from __future__ import annotations

import ast
from pathlib import Path

import naervaer

ROOT = Path(naervaer.__file__).parent


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def login_views_with_plain_request(root: Path, skip: set[str]) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        module = path.relative_to(root).as_posix()
        if "/migrations/" in module or module in skip:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef) or not node.args.args:
                continue
            if "login_required" not in {_decorator_name(d) for d in node.decorator_list}:
                continue
            annotation = node.args.args[0].annotation
            if not (
                isinstance(annotation, ast.Name) and annotation.id == "AuthenticatedHttpRequest"
            ):
                found.append(f"{module}:{node.lineno} {node.name}")
    return found


def test_login_only_views_take_an_authenticated_request() -> None:
    assert login_views_with_plain_request(ROOT, set()) == []


def test_the_check_finds_a_plain_request(tmp_path: Path) -> None:
    (tmp_path / "views.py").write_text(
        "@login_required\n"
        "def plain(request: HttpRequest) -> HttpResponse: ...\n\n"
        "@login_required\n"
        "@require_POST\n"
        "def typed(request: AuthenticatedHttpRequest) -> HttpResponse: ...\n\n"
        "def public(request: HttpRequest) -> HttpResponse: ...\n"
    )
    assert login_views_with_plain_request(tmp_path, set()) == ["views.py:2 plain"]
    assert login_views_with_plain_request(tmp_path, {"views.py"}) == []
