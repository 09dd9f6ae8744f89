"""What the browser tests do on a page: sign in and out, fill GOV.UK date inputs, run axe-core."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a-good-long-password"  # UserFactory's password for every test user
# The success criteria the service must meet: WCAG 2.2 AA, as GOV.UK services must.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def sign_in(page, live_server, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real form at /sign-in/, as a person would."""
    page.goto(url(live_server, "/sign-in/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-phase-banner__text")).to_contain_text("Signed in as")


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".govuk-phase-banner__text")).to_have_text(
        "You are reading what is published."
    )


def _describe(violation: dict) -> str:
    targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    more = len(violation["nodes"]) - 5
    if more > 0:
        targets += f"; and {more} more"
    return (
        f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"    at {targets}\n    {violation['helpUrl']}"
    )


def axe_violations(page) -> list[dict]:
    """Run axe-core over the page as it stands and return what it finds."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations;
        }""",
        AXE_TAGS,
    )


def describe_violations(page, violations: list[dict]) -> str:
    return (
        f"axe-core found {len(violations)} accessibility problem(s) on {page.url} "
        f"({page.title()!r}):\n" + "\n".join(_describe(v) for v in violations)
    )


def assert_accessible(page) -> None:
    """Fail with one readable entry per axe-core violation: rule, impact, help, where."""
    if violations := axe_violations(page):
        pytest.fail(describe_violations(page, violations), pytrace=False)


def broken_aria_references(page) -> list[str]:
    """aria-describedby and aria-labelledby ids that name no element (axe-core lets these pass)."""
    return page.evaluate(
        """() => [...document.querySelectorAll("[aria-describedby], [aria-labelledby]")]
            .flatMap((element) => ["aria-describedby", "aria-labelledby"]
                .flatMap((attribute) => (element.getAttribute(attribute) || "").split(/\\s+/)
                    .filter((id) => id && !document.getElementById(id))
                    .map((id) => `${element.id ? "#" + element.id : element.tagName} ${attribute} ${id}`)))"""
    )


def fill_date(page, field: str, date) -> None:
    """Type a date into a GOV.UK date input, whose boxes are id_<field>_0, _1 and _2."""
    for box, part in enumerate((date.day, date.month, date.year)):
        page.locator(f"#id_{field}_{box}").fill(str(part))


def clear_date(page, field: str) -> None:
    for box in range(3):
        page.locator(f"#id_{field}_{box}").fill("")
