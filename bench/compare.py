"""Two runs of `bench/run.py` side by side, as the Markdown table docs/benchmarks.md quotes.

    .venv/bin/python bench/compare.py BEFORE.json AFTER.json

Each file is a `bench/results/latest.json`, for instance one saved from a checkout
of the commit before a change and one from the change itself, measured on the same
machine one after the other. A cell is the median server time, its ratio to the
floor view of the same run (the pro floor for practitioner pages) and the number of
SQL queries.
"""

import json
import sys
from pathlib import Path


def cell(pages: dict, name: str) -> str:
    page = pages.get(name)
    if page is None:
        return "–"
    text = f"{page['median_ms']:.1f} ms"
    if "floor" not in name:
        floor = pages["pro floor" if name.startswith("pro") else "floor"]["median_ms"]
        text += f" ({page['median_ms'] / floor:.1f}×)"
    if page["queries"] is not None:
        text += f", {page['queries']} q"
    return text


def table(before: dict, after: dict) -> str:
    sizes = [size for size in before["sizes"] if size in after["sizes"]]
    head = ["page"]
    for size in sizes:
        published = after["sizes"][size]["counts"]["published"]
        head += [f"{published} published: before", "after"]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    names = list(after["sizes"][sizes[0]]["pages"])
    for name in names:
        cells = [name]
        for size in sizes:
            cells.append(cell(before["sizes"][size]["pages"], name))
            cells.append(cell(after["sizes"][size]["pages"], name))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        sys.exit(__doc__)
    before, after = (json.loads(Path(path).read_text()) for path in argv)
    print(table(before, after))


if __name__ == "__main__":
    main(sys.argv[1:])
