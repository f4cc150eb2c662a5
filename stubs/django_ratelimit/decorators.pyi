from collections.abc import Callable, Iterable
from typing import Any, TypeVar

_View = TypeVar("_View", bound=Callable[..., Any])

def ratelimit(
    group: str | Callable[..., str] | None = None,
    key: str | Callable[..., str] | None = None,
    rate: str | Callable[..., str] | None = None,
    method: str | Iterable[str | None] | None = ...,
    block: bool = True,
) -> Callable[[_View], _View]: ...
