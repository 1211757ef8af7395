from __future__ import annotations

import time
from pathlib import Path

import pytest

from callcompanion.core.messages import NO_SHOW_TEMPLATE
from callcompanion.core.templates import TIME_BUDGET_SECONDS, TemplateError, TemplateLibrary
from callcompanion.paths import resource_path


@pytest.fixture
def library(tmp_path: Path) -> TemplateLibrary:
    return TemplateLibrary(tmp_path / "user", [resource_path("templates")])


CONTEXT = {
    "ticket": "#1",
    "ticket_number": 1,
    "call_type": "Discovery",
    "platform": "Zoom",
    "call_date": "Friday 27 November 2026",
    "call_time": "10:00",
    "waited_minutes": 10,
    "engineer_name": "Ana",
    "scheduling_link": "https://calendly.com/d/abc-def/support",
    "single_use_link": True,
}


def test_the_shipped_no_show_template_renders(library: TemplateLibrary) -> None:
    text = library.render(NO_SHOW_TEMPLATE, CONTEXT)
    assert "https://calendly.com/d/abc-def/support" in text
    assert "waited 10 minutes" in text
    assert text.rstrip().endswith("Ana")
    assert "The link is for one booking." in text


def test_a_personal_link_is_not_promised_to_book_once(library: TemplateLibrary) -> None:
    text = library.render(NO_SHOW_TEMPLATE, {**CONTEXT, "single_use_link": False})
    assert "https://calendly.com/d/abc-def/support" in text
    assert "one booking" not in text


def test_the_profile_template_wins_over_the_default(library: TemplateLibrary) -> None:
    assert library.user_dir is not None
    library.user_dir.mkdir()
    (library.user_dir / NO_SHOW_TEMPLATE).write_text("Sorry! {{ scheduling_link }}")
    assert (
        library.render(NO_SHOW_TEMPLATE, CONTEXT) == "Sorry! https://calendly.com/d/abc-def/support"
    )
    assert not library.source(NO_SHOW_TEMPLATE).built_in


@pytest.mark.parametrize(
    ("text", "line", "detail"),
    [
        ("Hello\n{{ customer_name }}", 2, "'customer_name' is undefined"),
        ("Hello\n\n{% if %}", 3, "Expected an expression"),
        ("a\nb\n{{ ''.__class__.__mro__ }}", 3, "unsafe"),
        ("{{ 1 / 0 }}", 1, "ZeroDivisionError"),
        ("{% for x in %}", 1, "Expected an expression"),
    ],
)
def test_a_broken_template_names_the_line(
    library: TemplateLibrary, text: str, line: int, detail: str
) -> None:
    with pytest.raises(TemplateError) as info:
        library.render_text(text, CONTEXT, name="mine.md.j2")
    assert info.value.line == line
    assert detail in info.value.detail
    assert f"mine.md.j2, line {line}" in str(info.value)


def test_the_sandbox_blocks_code_execution(library: TemplateLibrary) -> None:
    attack = "{{ cycler.__init__.__globals__.os.popen('id').read() }}"
    with pytest.raises(TemplateError, match="unsafe"):
        library.render_text(attack, CONTEXT, name="attack.md.j2")


def test_a_broken_profile_template_is_reported_and_the_default_stays(
    library: TemplateLibrary,
) -> None:
    assert library.user_dir is not None
    library.user_dir.mkdir()
    (library.user_dir / NO_SHOW_TEMPLATE).write_text("Hi {{ nope")
    problem = library.check(NO_SHOW_TEMPLATE, CONTEXT)
    assert problem is not None
    assert "line 1" in problem
    other = TemplateLibrary(None, [resource_path("templates")])
    assert other.check(NO_SHOW_TEMPLATE, CONTEXT) is None


@pytest.mark.parametrize("name", ["../secrets.j2", "/etc/passwd.j2", ".hidden.j2", "x.txt"])
def test_template_names_cannot_escape_the_folders(library: TemplateLibrary, name: str) -> None:
    with pytest.raises(TemplateError, match="plain"):
        library.source(name)


def test_unknown_template(library: TemplateLibrary) -> None:
    with pytest.raises(TemplateError, match="no such template"):
        library.render("missing.md.j2", CONTEXT)


def test_names_merge_user_and_default_folders(library: TemplateLibrary) -> None:
    assert library.user_dir is not None
    library.user_dir.mkdir()
    (library.user_dir / "extra.md.j2").write_text("x")
    names = library.names()
    assert "extra.md.j2" in names
    assert NO_SHOW_TEMPLATE in names
    assert names == sorted(names)


def test_the_pre_call_email_leaves_out_what_it_does_not_know(library: TemplateLibrary) -> None:
    from callcompanion.core.calltypes import CallTypeCatalog
    from callcompanion.core.messages import message_context
    from callcompanion.core.settings import Settings
    from callcompanion.core.ticket import TicketRef

    def email(call_type: str | None) -> str:
        context = message_context(
            ticket=TicketRef(1),
            call_type=CallTypeCatalog().get(call_type) if call_type else None,
            settings=Settings(engineer_name="Ana"),
            link="",
        )
        return library.render("pre_call.md.j2", context)

    planned = email("troubleshooting")
    assert "booking the troubleshooting call." in planned
    assert "Duration: 1 h. We will start wrapping up" in planned
    assert "\n\nWho should attend" in planned
    open_ended = email("emergency")
    assert "Duration" not in open_ended
    assert "booking a call." in email(None)


# -- runaway templates end with a message, quickly ------------------------------------------------

RUNAWAY = [
    (
        "nested loops",
        "Hello\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        2,
        "took longer than 2 seconds",
    ),
    (
        "nested loops writing",
        "Hi\n\n{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}"
        "{% endfor %}{% endfor %}",
        3,
        "output is over 200,000 characters",
    ),
    ("huge multiplication", "a\nb\n{{ 'x' * 300000000 }}", 3, "would be over 200,000"),
    ("huge list", "{{ ['x'] * 300000000 }}", 1, "would be over 200,000"),
    ("huge range", "a\n{% for i in range(10**9) %}{% endfor %}", 2, "range() is limited"),
    (
        "doubling",
        "{% set ns = namespace(s='x') %}\n{% for i in range(64) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        2,
        "would be over 200,000",
    ),
    ("padding", "{{ 'x'.ljust(300000000) }}", 1, "300,000,000"),
    ("format width", "{{ '{:>300000000}'.format('x') }}", 1, "would be over 200,000"),
    ("replace", "{% set a = 'x' * 100000 %}\n{{ a | replace('', a) }}", 2, "would be over"),
    (
        "text in a block",
        "{% set x %}{% for i in range(100000) %}" + "y" * 100 + "{% endfor %}{% endset %}",
        1,
        "output is over 200,000 characters",
    ),
    (
        "recursion",
        "{% macro f(n) %}{% if n %}{% set a = f(n-1) %}{% set b = f(n-1) %}{% endif %}"
        "{% endmacro %}\n{{ f(60) }}",
        None,
        "took longer than 2 seconds",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "detail"), [r[1:] for r in RUNAWAY], ids=[r[0] for r in RUNAWAY]
)
def test_a_runaway_template_stops_with_a_message(
    library: TemplateLibrary, text: str, line: int | None, detail: str
) -> None:
    started = time.monotonic()
    with pytest.raises(TemplateError) as info:
        library.render_text(text, CONTEXT, name="summary.md.j2")
    assert time.monotonic() - started < TIME_BUDGET_SECONDS + 1.5
    assert detail in info.value.detail
    assert str(info.value).startswith("Template summary.md.j2")
    if line is not None:
        assert info.value.line == line
        assert f"summary.md.j2, line {line}: " in str(info.value)


def test_output_is_capped_while_it_is_written(library: TemplateLibrary) -> None:
    text = "{% for i in range(100000) %}" + "z" * 10 + "{% endfor %}"
    with pytest.raises(TemplateError, match="output is over 200,000 characters"):
        library.render_text(text, CONTEXT, name="t.md.j2")
    assert len(library.render_text("{{ 'x' * 150000 }}", CONTEXT, name="t.md.j2")) == 150_000


def test_the_library_keeps_working_after_a_runaway(library: TemplateLibrary) -> None:
    with pytest.raises(TemplateError):
        library.render_text("{{ 'x' * 300000000 }}", CONTEXT, name="t.md.j2")
    assert "waited 10 minutes" in library.render(NO_SHOW_TEMPLATE, CONTEXT)


SAMPLE = {
    **CONTEXT,
    "meeting_link": "https://zoom.us/j/1",
    "goals": "",
    "attendees": ["Ana", "Bo"],
    "open_ended": False,
    "duration": "30 min",
    "date": "Friday",
    "start": "10:00",
    "end": "10:30",
    "outcome": "Resolved",
    "checklist": ["Room locked", "Recording off"],
    "learned": "The proxy strips the header.",
    "engineer_next": "Send the patch.",
    "customer_next": "Apply it.",
    "next_call": "",
}


def test_normal_templates_render_exactly_as_plain_jinja_does(library: TemplateLibrary) -> None:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    plain = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    extra = (
        "{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m('y') }} {{ attendees | join(', ') }} "
        "{{ [1, 2] + [3] }} {{ '%5.1f' % 3.14159 }} {{ '{} {}'.format(1, 2) }} {{ 'ab' * 2 }}"
        "{% for x in checklist %}{{ loop.index }}/{{ loop.length }} {{ x | upper }}{% endfor %}"
        "{% filter title %}done{% endfilter %} {{ 'a' ~ 1 ~ none }} {{ {'k': 1} | dictsort }}"
    )
    sources = [library.source(name).text for name in library.names()] + [extra]
    for source in sources:
        expected = plain.from_string(source).render(SAMPLE)
        assert library.render_text(source, SAMPLE, name="same.md.j2") == expected
