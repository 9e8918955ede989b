"""Render the ranking UI's screenshots in docs/ (README, rank section) from a real terminal.

    .venv/bin/python docs/rank_screenshots.py      # needs tmux and the DejaVu fonts (fonts-dejavu-core)

The candidates are the ranking tests' fixtures, executed by `rank prepare` in the sandbox; the real
`codegen-rlhf rank` runs in a tmux pane of each size and is driven by keys like a person would; the pane,
captured with its colours, is drawn cell by cell into a PNG (an SVG renderer would need the UI's font).
"""

import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from rich.console import Console
from rich.text import Text

from codegen_rlhf.rank.store import Store

HERE = Path(__file__).parent
FIXTURES = HERE.parent / "tests" / "rank" / "fixtures"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
FONT_SIZE = 14
BACKGROUND, FOREGROUND = (30, 30, 30), (220, 220, 220)


def keys_for(db: Path) -> list[str]:
    """Keys that rank the first item's passing candidate 1 and mark it, then focus the syntax error and rank
    it 3; the display order is recorded for the annotator first, so the keys can be worked out."""
    with Store(db) as store:
        annotator = store.annotator("alice")
        item = store.item(annotator, store.next_item_id(annotator))
    status = [c.execution["status"] for c in item.candidates]
    best, worst = status.index("passed"), status.index("syntax_error")
    return [*["Tab"] * best, "1", "x", *["Tab"] * ((worst - best) % len(status)), "3"]


def capture(db: Path, size: tuple[int, int], keys: list[str]) -> str:
    """The pane's text with its colours (ANSI), after the keys."""
    socket = f"rank-shot-{uuid.uuid4().hex[:8]}"

    def tmux(*args) -> str:
        return subprocess.run(["tmux", "-L", socket, *args], check=True, capture_output=True, text=True).stdout

    command = (f"exec env -u COLUMNS -u LINES TERM=xterm-256color COLORTERM=truecolor "
               f"{sys.executable} -m codegen_rlhf.cli rank --db {db} --annotator alice")
    tmux("new-session", "-d", "-s", "shot", "-x", str(size[0]), "-y", str(size[1]), command)
    try:
        deadline = time.monotonic() + 30
        while "keys" not in tmux("capture-pane", "-p", "-t", "shot") and time.monotonic() < deadline:
            time.sleep(0.2)
        for key in keys:
            tmux("send-keys", "-t", "shot", key)
            time.sleep(0.2)
        time.sleep(1.0)
        return tmux("capture-pane", "-p", "-e", "-t", "shot")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def draw(ansi: str, size: tuple[int, int], out: Path) -> None:
    regular = ImageFont.truetype(str(FONTS / "DejaVuSansMono.ttf"), FONT_SIZE)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSansMono-Bold.ttf"), FONT_SIZE)
    cell_w, cell_h = round(regular.getlength("M")), FONT_SIZE + 4
    image = Image.new("RGB", (size[0] * cell_w, size[1] * cell_h), BACKGROUND)
    pen = ImageDraw.Draw(image)
    console = Console(width=size[0] + 10, color_system="truecolor")
    for row, line in enumerate(ansi.splitlines()[: size[1]]):
        column = 0
        for segment in Text.from_ansi(line).render(console):
            style = segment.style
            fg = style.color.get_truecolor().rgb if style and style.color else FOREGROUND
            bg = style.bgcolor.get_truecolor().rgb if style and style.bgcolor else BACKGROUND
            if style and style.reverse:
                fg, bg = bg, fg
            for ch in segment.text:
                x, y = column * cell_w, row * cell_h
                pen.rectangle([x, y, x + cell_w, y + cell_h], fill=bg)
                pen.text((x, y + 1), ch, font=bold if style and style.bold else regular, fill=fg)
                column += 1
    image.save(out, optimize=True)
    print(f"{out}: {out.stat().st_size // 1024} KB")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "rank.db"
        subprocess.run([sys.executable, "-m", "codegen_rlhf.cli", "rank", "prepare", "--db", str(db),
                        "--candidates", str(FIXTURES / "candidates.jsonl"),
                        "--problems", str(FIXTURES / "problems.jsonl")], check=True)
        keys = keys_for(db)
        for size in ((80, 24), (200, 50)):
            draw(capture(db, size, keys), size, HERE / f"rank-{size[0]}x{size[1]}.png")


if __name__ == "__main__":
    main()
