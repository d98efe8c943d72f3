"""Screenshots of the main journeys at phone (390 px) and desktop (1280 px) widths, in Finnish,
for docs/screenshots/. Run against a service with the demo data (`make run`):

    .venv/bin/python scripts/screenshots.py [--url http://127.0.0.1:8000] [--out docs/screenshots]

Each journey signs in with its demo login, opens its pages in order and saves each page whole.
The index (docs/screenshots/README.md) is written from the same list, so it never goes stale.
"""

from __future__ import annotations

import argparse
import os
import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("MARKETPLACE_TEST_CHROMIUM", "/usr/bin/chromium")
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}
PASSWORD = "demo-salasana-2026"


@dataclass(frozen=True)
class Step:
    """One page of a journey: a name for the file, its path (or the pattern of the first link
    to follow on the page before, for pages with ids), and what it shows."""

    name: str
    path: str
    caption: str
    follow: bool = False


@dataclass(frozen=True)
class Journey:
    """A person's way through the service."""

    name: str
    login: str | None
    title: str
    steps: tuple[Step, ...]


JOURNEYS = (
    Journey(
        "visitor",
        None,
        "A visitor looks for work",
        (
            Step("front-page", "/", "Front page with the vacancy search"),
            Step("vacancy-search", "/vacancies?q=sairaanhoitaja", "Vacancy search results"),
        ),
    ),
    Journey(
        "jobseeker",
        "jobseeker@demo.fi",
        "A jobseeker builds a profile and follows the plan",
        (
            Step("own-page", "/me", "The jobseeker's own page"),
            Step("profile-builder", "/profile/edit", "Profile builder: the summary of sections"),
            Step("profile-skills", "/profile/edit/skills", "Profile builder: skills"),
            Step("recommendations", "/me/recommendations", "Recommended vacancies with reasons"),
            Step("plan", "/me/plan", "Employment plan and job-search obligation"),
        ),
    ),
    Journey(
        "employer",
        "employer@demo.fi",
        "An employer finds and shortlists candidates",
        (
            Step("dashboard", "/employer", "The employer's vacancies"),
            Step(
                "matching-candidates",
                r"/employer/vacancies/\d+/candidates",
                "Matching candidates of a vacancy, with reasons",
                follow=True,
            ),
            Step("candidate-search", "/candidates?q=sairaanhoitaja", "Candidate search"),
            Step("vacancy-editor", "/employer/vacancies/new", "Vacancy editor"),
        ),
    ),
    Journey(
        "specialist",
        "specialist@demo.fi",
        "An employment-service specialist follows customers",
        (
            Step("caseload", "/specialist", "The specialist's customers"),
            Step("customer", r"/specialist/customers/\d+", "A customer's page", follow=True),
        ),
    ),
)


def _file(journey: Journey, step: Step, width: str) -> str:
    return f"{journey.name}-{step.name}-{width}.jpg"


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def _first_link(page: Page, base: str, pattern: str) -> str | None:
    """The first link on the page whose path matches `pattern` (to reach a detail page)."""
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
        path = href.removeprefix(base)
        if re.fullmatch(pattern, path):
            return path
    return None


def shoot(base: str, out: Path) -> list[str]:
    """Every journey at every width; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox", "--disable-gpu"]
        )
        for width, (w, h) in WIDTHS.items():
            for journey in JOURNEYS:
                context = browser.new_context(viewport={"width": w, "height": h}, locale="fi-FI")
                page = context.new_page()
                if journey.login:
                    _sign_in(page, base, journey.login)
                for step in journey.steps:
                    path = _first_link(page, base, step.path) if step.follow else step.path
                    if path is None:
                        raise SystemExit(f"no link to {step.path} on {page.url}")
                    page.goto(f"{base}{path}")
                    page.wait_for_load_state("networkidle")
                    name = _file(journey, step, width)
                    page.screenshot(path=out / name, full_page=True, type="jpeg", quality=60)
                    written.append(name)
                context.close()
        browser.close()
    _write_index(out)
    return written


def _write_index(out: Path) -> None:
    lines = [
        "# Screenshots",
        "",
        "The main journeys on a phone (390 px) and a desktop (1280 px), in Finnish, with the demo",
        "data. Made by `scripts/screenshots.py` against `make run`.",
        "",
    ]
    for journey in JOURNEYS:
        lines += [f"## {journey.title}", "", "| page | phone | desktop |", "|---|---|---|"]
        for step in journey.steps:
            phone, desktop = (_file(journey, step, width) for width in WIDTHS)
            lines.append(f"| {step.caption} | ![]({phone}) | ![]({desktop}) |")
        lines.append("")
    (out / "README.md").write_text("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    for name in shoot(args.url.rstrip("/"), args.out):
        print(name)


if __name__ == "__main__":
    main()
