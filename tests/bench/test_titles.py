from __future__ import annotations

from pathlib import Path

import pytest

from bench.titles import TITLES, main, occupations_named, read_titles


def test_the_title_list_is_read_and_counted(capsys: pytest.CaptureFixture[str]) -> None:
    titles = read_titles()
    main(["--list"])
    out = capsys.readouterr().out.splitlines()
    assert out[0].split(":")[0] == titles[0]
    found, _, total = out[-1].split()[:3]
    assert int(total) == len(titles) and 0 < int(found) <= len(titles)


def test_blank_lines_are_no_titles(tmp_path: Path) -> None:
    listed = tmp_path / "titles.txt"
    listed.write_text("Kokki\n\n  \nPizzakokki\n", encoding="utf-8")
    assert read_titles(listed) == ["Kokki", "Pizzakokki"]
    assert TITLES.exists()


@pytest.mark.parametrize(
    ("title", "labels"),
    [
        ("Pizzakokki", ["Kokki"]),  # a compound of a one-word label
        ("Sovelluskehittäjä", ["Ohjelmistokehittäjä"]),  # an alternative label
        ("Kesätyöntekijä", []),  # no trade
    ],
)
def test_titles_name_occupations_as_queries_do(title: str, labels: list[str]) -> None:
    assert occupations_named(title) == labels
