"""The ranking as an inline SVG bar chart, drawn on the server like the core's dashboard charts (no script, no
file from another host), with each score written on its bar and a text description for screen readers.

The core's ``dashboard.charts`` draws compliance counts and on-time rates with their own legends and
descriptions, so it cannot show scores; this chart follows the same conventions."""
from itertools import count

from flask_babel import gettext as _
from markupsafe import Markup, escape

LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT, BAR_HEIGHT, TOP = 300, 400, 28, 18, 24
NAME_CHARS = 36
FILL, TEXT = "#0b4f8a", "#1d2733"
_ids = count(1)


def _short(text: str) -> str:
    return text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1].rstrip() + "…"


def _score_text(value) -> str:
    return f"{value:.1f}".replace(".", ",")


def score_bars(rows, title: str) -> Markup:
    """One bar per ranked row (``rank``, ``unit_name``, ``score`` out of 100), in rank order."""
    ranked = [r for r in rows if r.score is not None]
    width = LABEL_WIDTH + BAR_WIDTH + 70
    height = TOP + ROW_HEIGHT * len(ranked) + 8
    n = next(_ids)
    body = []
    for mark in (0, 50, 100):
        x = LABEL_WIDTH + BAR_WIDTH * mark / 100
        body.append(f'<line x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{height - 4}" stroke="#d5dbe3"/>'
                    f'<text x="{x:.1f}" y="{TOP - 8}" text-anchor="middle" fill="#556">{mark}</text>')
    for i, row in enumerate(ranked):
        y = TOP + i * ROW_HEIGHT + 4
        name = f"{row.rank}. {row.unit_name}"
        w, value = BAR_WIDTH * float(row.score) / 100, _score_text(row.score)
        body.append(f'<g class="chart-row"><title>{escape(name)}: {value}</title>'
                    f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end" fill="{TEXT}">'
                    f'{escape(_short(name))}</text>'
                    f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" fill="{FILL}"/>'
                    f'<text x="{LABEL_WIDTH + w + 6:.1f}" y="{y + 13}" fill="{TEXT}">{value}</text></g>')
    desc = _("Điểm ứng dụng CNTT của từng đơn vị, thang 100.") + " " + "; ".join(
        f"{r.rank}. {r.unit_name}: {_score_text(r.score)}" for r in ranked)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-ranking" role="img" '
            f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
            f'aria-labelledby="itrank{n}-title itrank{n}-desc" font-size="13">'
            f'<title id="itrank{n}-title">{escape(title)}</title><desc id="itrank{n}-desc">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")
