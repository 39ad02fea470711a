"""Flow templates are sandboxed Jinja: the envelope, `customer` and `link` render; nothing else is reachable."""

from __future__ import annotations

import pytest

from application.commands.automation.flow_templates import TemplateFailed, render_template, template_problem, uses_link

pytestmark = pytest.mark.unit
CONTEXT = {
    "type": "payment.page_opened",
    "party": "C-1001",
    "document": {"type": "invoice", "number": "INV-10023"},
    "data": {},
    "customer": {"name": "Mette Jensen", "phone": "+4520123456"},
    "link": "https://portal.example.dk/l/abc",
}


def test_the_shipped_reminder_renders() -> None:
    text = "Hej {{ customer.name }}, betal faktura {{ document.number }} her: {{ link }}"
    assert render_template(text, CONTEXT) == (
        "Hej Mette Jensen, betal faktura INV-10023 her: https://portal.example.dk/l/abc"
    )
    assert uses_link(text)
    assert not uses_link("{{ customer.name }}")


def test_missing_values_render_empty_instead_of_failing() -> None:
    assert render_template("Hej {{ customer.name }}{{ data.nothing.deeper }}!", {**CONTEXT, "customer": None}) == (
        "Hej !"
    )


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ customer.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ ''.format.__globals__ }}",
    ],
)
def test_the_sandbox_reaches_no_python_internals(text: str) -> None:
    try:
        rendered = render_template(text, CONTEXT)
    except TemplateFailed:
        return
    assert "class" not in rendered
    assert "uid=" not in rendered
    assert rendered.strip() in ("", "()", "[]")


def test_unsafe_work_fails_the_template() -> None:
    with pytest.raises(TemplateFailed):
        render_template("{% for i in range(10**9) %}x{% endfor %}", CONTEXT)
    with pytest.raises(TemplateFailed):
        render_template("{{ customer.items.__call__ }}{{ ''.mro() }}", CONTEXT)


def test_syntax_errors_are_named_at_apply_time() -> None:
    assert template_problem("{{ customer.name }}") is None
    problem = template_problem("Hej\n{% if %}")
    assert problem is not None
    assert problem.startswith("template error on its line 2")
