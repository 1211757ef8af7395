"""The limits a template renders within: output size, value sizes, numbers, ranges, time.

:func:`bounded_environment` is the jinja2 sandbox whose operators, calls, filters and globals
check sizes *before* the work is done; :func:`bound` rewrites a parsed template so loops, ``~``
and literals are checked too; :func:`render_within_limits` counts the output and the time.
A limit passed raises :class:`LimitError`, whose message says which.

jinja2 is imported on first use, never at start-up.
"""

from __future__ import annotations

import re
import string
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from jinja2 import Template, nodes
    from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_OUTPUT = 200_000
MAX_RANGE = 100_000
MAX_INT_BITS = 4096
TIME_BUDGET_SECONDS = 2.0

TOO_LONG = f"output is over {MAX_OUTPUT:,} characters"
TOO_SLOW = f"took longer than {TIME_BUDGET_SECONDS:g} seconds"


class LimitError(Exception):
    """Rendering went past one of the limits; ``str(err)`` says which."""


_active = threading.local()  # .budget: the _Budget of the render running on this thread


class _Budget:
    """Time and output left to the render in progress."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.produced = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitError(TOO_SLOW)

    def charge(self, characters: int) -> None:
        self.produced += characters
        if self.produced > MAX_OUTPUT:
            raise LimitError(TOO_LONG)
        self.tick()


def _budget() -> _Budget | None:
    budget: _Budget | None = getattr(_active, "budget", None)
    return budget


def _tick() -> None:
    budget = _budget()
    if budget is not None:
        budget.tick()


def _too_big(what: str = "the result") -> LimitError:
    return LimitError(f"{what} would be over {MAX_OUTPUT:,} characters")


def _weight(value: Any, limit: int = MAX_OUTPUT) -> int:
    """Roughly how many characters *value* spells out, counting shared parts each time.

    Stops counting once past *limit*; never recurses (a value can be deeply nested).
    """
    from jinja2.utils import Namespace

    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, bool) or item is None:
            total += 1
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 1
        elif isinstance(item, range):
            total += len(item)
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item) + 1
            if total <= limit:
                stack.extend(item)
        elif isinstance(item, Mapping):
            total += len(item) + 1
            if total <= limit:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, Namespace):
            attrs = getattr(item, "_Namespace__attrs", {})
            total += len(attrs) + 1
            if total <= limit:
                stack.extend(attrs.values())
        else:
            total += 1
        if total > limit:
            break
    return total


def _check_weight(value: Any, what: str = "the result") -> None:
    if _weight(value) > MAX_OUTPUT:
        raise _too_big(what)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_bits(bits: int) -> None:
    if bits > MAX_INT_BITS:
        raise LimitError("the number would be too large")


def _check_numbers(values: Iterable[Any], where: str) -> None:
    for value in values:
        if _is_int(value) and abs(value) > MAX_OUTPUT:
            raise LimitError(f"{where} was given {value:,}; the most it takes is {MAX_OUTPUT:,}")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def _spec_width(spec: str, widest_argument: int) -> int:
    """The widest width or precision a format spec can ask for."""
    numbers = [int(n) for n in re.findall(r"\d+", spec)]
    if "*" in spec or "{" in spec:
        numbers.append(widest_argument)
    return max(numbers, default=0)


def _check_format(fmt: str, arguments: Iterable[Any], *, percent: bool) -> None:
    """Refuse ``fmt % args`` / ``fmt.format(...)`` that would be over the limit."""
    values = list(arguments)
    widest = max((abs(v) for v in values if _is_int(v)), default=0)
    weight = _weight(values)
    if percent:
        specs = [m.group(0) for m in _PERCENT_SPEC.finditer(fmt)]
    else:
        try:
            specs = [
                (spec or "")
                for _text, field, spec, _conv in string.Formatter().parse(fmt)
                if field is not None
            ]
        except ValueError:
            return  # the call itself says what is wrong
    bound = len(fmt)
    for spec in specs:
        bound += _spec_width(spec, widest) + weight
        if bound > MAX_OUTPUT:
            raise _too_big()


def _replace_bound(text: str, old: str, new: str, count: int | None = None) -> int:
    found = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        found = min(found, count)
    return len(text) + found * max(0, len(new) - len(old))


# Methods of text a template may call; the ones that can make text longer are checked first.
_STR_METHODS = frozenset(
    [
        "capitalize",
        "casefold",
        "count",
        "endswith",
        "find",
        "index",
        "isalnum",
        "isalpha",
        "isascii",
        "isdecimal",
        "isdigit",
        "isidentifier",
        "islower",
        "isnumeric",
        "isprintable",
        "isspace",
        "istitle",
        "isupper",
        "lower",
        "lstrip",
        "partition",
        "removeprefix",
        "removesuffix",
        "rfind",
        "rindex",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "startswith",
        "strip",
        "swapcase",
        "title",
        "upper",
        "center",
        "ljust",
        "rjust",
        "zfill",
        "expandtabs",
        "join",
        "replace",
        "format",
        "format_map",
    ]
)


def _checked_str_call(text: str, method: str, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Refuse a call of ``text.method(*args)`` that would be too big; the args to call with."""
    _check_numbers(args, f"“{method}”")
    if method in ("center", "ljust", "rjust", "zfill") and args and _is_int(args[0]):
        if args[0] > MAX_OUTPUT:
            raise _too_big()
    elif method == "expandtabs":
        size = args[0] if args and _is_int(args[0]) else 8
        if len(text) + text.count("\t") * max(size, 0) > MAX_OUTPUT:
            raise _too_big()
    elif method == "join" and args:
        items = list(_bounded_iter(args[0]))
        if _weight(items) + len(items) * len(text) > MAX_OUTPUT:
            raise _too_big()
        return (items, *args[1:])
    elif method == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        count = args[2] if len(args) > 2 and _is_int(args[2]) else None
        strings = isinstance(old, str) and isinstance(new, str)
        if strings and _replace_bound(text, old, new, count) > MAX_OUTPUT:
            raise _too_big()
    return args


def _bounded_iter(iterable: Any) -> Iterator[Any]:
    """Iterate, refusing to collect more than the limit allows."""
    for number, item in enumerate(iterable):
        if number > MAX_OUTPUT:
            raise _too_big()
        yield item


# Called by the compiled template (see _Bounder), so they work however a template is written.


def _loop(iterable: Any, weight: int) -> Iterator[Any]:
    """A template loop: each step counts its text and checks the time."""
    budget = _budget()
    for item in iterable:
        if budget is not None:
            budget.charge(weight)
        yield item


def _concat(*parts: Any) -> str:
    """``a ~ b``: refused before the text is made when it would be over the limit."""
    _check_weight(parts)
    return "".join(str(part) for part in parts)


def _literal(value: Any) -> Any:
    """A list, tuple or dict written in the template (``[a, a, a]`` can multiply sizes)."""
    _check_weight(value)
    return value


def _finalize(value: Any) -> Any:
    """Each ``{{ … }}`` output: counted against the output limit (also inside macros)."""
    budget = _budget()
    if budget is None:
        return value  # constants folded while compiling: no bigger than the template
    if not isinstance(value, str):
        _check_weight(value)
        value = str(value)
    budget.charge(len(value))
    return value


def _bounded_range(*args: int) -> range:
    try:
        numbers = range(*args)
        size = len(numbers)
    except OverflowError:
        size = MAX_RANGE + 1
    if size > MAX_RANGE:
        raise LimitError(f"range() is limited to {MAX_RANGE:,} numbers")
    return numbers


def _bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    from jinja2.utils import generate_lorem_ipsum

    if n > 20 or max > 1000:
        raise LimitError("lipsum() is limited to 20 paragraphs of 1,000 words")
    return str(generate_lorem_ipsum(n=n, html=html, min=min, max=max))


_INTERNAL = frozenset({_loop, _concat, _literal})


def _filter_check(name: str, value: Any, params: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Refuse filters that would make text over the limit; returns the value to filter."""
    if name == "replace" and len(params) >= 2:
        count = params[2] if len(params) > 2 else kwargs.get("count")
        if _replace_bound(str(value), str(params[0]), str(params[1]), count) > MAX_OUTPUT:
            raise _too_big("“replace”")
    elif name == "join":
        items = list(_bounded_iter(value))
        separator = str(params[0] if params else kwargs.get("d", ""))
        if _weight(items) + len(items) * len(separator) > MAX_OUTPUT:
            raise _too_big("“join”")
        return items
    elif name == "indent":
        width = params[0] if params else kwargs.get("width", 4)
        prefix = width if _is_int(width) else len(str(width))
        text = str(value)
        if len(text) + (text.count("\n") + 1) * prefix > MAX_OUTPUT:
            raise _too_big("“indent”")
    elif name == "wordwrap":
        wrap = params[2] if len(params) > 2 else kwargs.get("wrapstring")
        text = str(value)
        if len(text) + (len(text) + 1) * len(str(wrap or "\n")) > 4 * MAX_OUTPUT:
            raise _too_big("“wordwrap”")
    elif name == "center":
        width = params[0] if params else kwargs.get("width", 80)
        if _is_int(width) and width > MAX_OUTPUT:
            raise _too_big("“center”")
    elif name == "format":
        _check_format(str(value), [*params, *kwargs.values()], percent=True)
    return value


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    from jinja2.utils import _PassArg

    skip = 0 if _PassArg.from_obj(func) is None else 1

    @wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        value, params = args[skip], args[skip + 1 :]
        _check_numbers([*params, *kwargs.values()], f"The “{name}” filter")
        value = _filter_check(name, value, params, kwargs)
        result = func(*args[:skip], value, *params, **kwargs)
        _check_weight(result, f"“{name}”")
        return result

    return bounded


def bounded_environment() -> ImmutableSandboxedEnvironment:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class BoundedEnvironment(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            _tick()
            if operator == "*":
                if _is_int(left) and not _is_int(right):
                    left, right = right, left
                if _is_int(right) and isinstance(left, str | list | tuple):
                    if right > 0 and _weight(left) * right > MAX_OUTPUT:
                        raise _too_big()
                elif _is_int(left) and _is_int(right):
                    _check_bits(left.bit_length() + right.bit_length())
            elif operator == "**":
                if _is_int(left) and _is_int(right) and right > 0:
                    _check_bits(max(left.bit_length(), 1) * right)
            elif operator == "+":
                sequences = (str, list, tuple)
                if isinstance(left, sequences) and isinstance(right, sequences):
                    _check_weight([left, right])
            elif operator == "%" and isinstance(left, str):
                arguments = right if isinstance(right, tuple) else (right,)
                if isinstance(right, Mapping):
                    arguments = tuple(right.values())
                _check_format(left, arguments, percent=True)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            _tick()
            if any(__obj is helper for helper in _INTERNAL):
                return __obj(*args)  # (calls in loops and blocks pass their variables along)
            owner = getattr(__obj, "__self__", None)
            if isinstance(owner, str):
                args = _checked_str_call(owner, getattr(__obj, "__name__", ""), args)
                _check_numbers(kwargs.values(), f"“{getattr(__obj, '__name__', '')}”")
            result = super().call(__context, __obj, *args, **kwargs)
            _check_weight(result)
            return result

        def getattr(self, obj: Any, attribute: str) -> Any:
            _tick()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            _tick()
            return super().getitem(obj, argument)

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if isinstance(obj, str) and attr not in _STR_METHODS:
                return False
            return super().is_safe_attribute(obj, attr, value)

        def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
            formatter = super().wrap_str_format(value)
            if formatter is None:
                return None
            fmt = str(value.__self__)
            is_map = value.__name__ == "format_map"

            def checked(*args: Any, **kwargs: Any) -> str:
                values = [*args, *kwargs.values()]
                if is_map and args and isinstance(args[0], Mapping):
                    values = list(args[0].values())
                _check_format(fmt, values, percent=False)
                return formatter(*args, **kwargs)

            return checked

    env = BoundedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,  # plain-text/Markdown bodies; HTML bodies escape explicitly
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters = {name: _bounded_filter(name, func) for name, func in env.filters.items()}
    env.globals["range"] = _bounded_range
    env.globals["lipsum"] = _bounded_lipsum
    return env


def _own_text(node: nodes.Node) -> int:
    """Characters of template text in *node*, leaving out nested loops (they count their own)."""
    from jinja2 import nodes

    total = 0
    stack = list(node.iter_child_nodes())
    while stack:
        child = stack.pop()
        if isinstance(child, nodes.TemplateData):
            total += len(child.data)
        elif not isinstance(child, nodes.For):
            stack.extend(child.iter_child_nodes())
    return total


def _call(helper: Callable[..., Any], node: nodes.Node, *args: nodes.Node) -> nodes.Expr:
    from jinja2 import nodes

    target = nodes.ImportedName(f"{__name__}.{helper.__name__}")
    return nodes.Call(
        target, [a for a in args if isinstance(a, nodes.Expr)], [], None, None, lineno=node.lineno
    )


def _bounder_class() -> type:
    from jinja2 import nodes
    from jinja2.visitor import NodeTransformer

    class Bounder(NodeTransformer):
        """Rewrites a parsed template so loops, ``~`` and literals go through the checks."""

        def visit_For(self, node: nodes.For) -> nodes.Node:
            self.generic_visit(node)
            weight = nodes.Const(_own_text(nodes.Output(node.body)), lineno=node.lineno)
            node.iter = _call(_loop, node, node.iter, weight)
            return node

        def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
            self.generic_visit(node)
            return _call(_concat, node, *node.nodes)

        def _literal(self, node: nodes.Expr) -> nodes.Node:
            self.generic_visit(node)
            if getattr(node, "ctx", "load") != "load":
                return node
            return _call(_literal, node, node)

        visit_List = visit_Tuple = visit_Dict = _literal  # noqa: N815

    return Bounder


class _Bounder:
    """Lazily built :class:`jinja2.visitor.NodeTransformer` (jinja2 loads on first use)."""

    _class: type | None = None

    def visit(self, tree: nodes.Node) -> None:
        if _Bounder._class is None:
            _Bounder._class = _bounder_class()
        _Bounder._class().visit(tree)


def render_within_limits(template: Template, context: Mapping[str, Any]) -> str:
    """Render *template* with *context*, stopping at the output size and time limits.

    Raises:
        LimitError: A limit was passed; raised where the template is, to name its line.
    """
    budget = _Budget(time.monotonic() + TIME_BUDGET_SECONDS)
    previous = getattr(_active, "budget", None)
    _active.budget = budget
    try:
        parts: list[str] = []
        size = 0
        generator = cast("Generator[str, None, None]", template.generate(dict(context)))
        for chunk in generator:
            size += len(chunk)
            try:
                if size > MAX_OUTPUT:
                    raise LimitError(TOO_LONG)
                budget.tick()
            except LimitError as limit:
                generator.throw(limit)  # raised where the template is, to name its line
                raise
            parts.append(chunk)
        return "".join(parts)
    finally:
        _active.budget = previous


def bound(tree: nodes.Template) -> None:
    """Rewrite a parsed template so its loops, ``~`` and literals go through the checks."""
    _Bounder().visit(tree)
