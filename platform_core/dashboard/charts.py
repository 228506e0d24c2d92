"""Charts drawn on the server as inline SVG: no JavaScript, no file from another host (agency networks are
often closed), readable without colour thanks to the figures written on the bars and a text description.
"""
from itertools import count

from flask_babel import gettext as _
from markupsafe import Markup, escape

from platform_core.dashboard.compliance import Counts, format_rate

# (Counts attribute, fill, text colour on the fill). Text colours keep a contrast ratio above 4.5:1.
SEGMENTS = (
    ("on_time", "#2e7d32", "#ffffff"),
    ("late", "#f9a825", "#1d2733"),
    ("missing", "#c62828", "#ffffff"),
    ("not_yet_due", "#b0bec5", "#1d2733"),
)
LABEL_WIDTH = 270
BAR_WIDTH = 440
ROW_HEIGHT = 28
BAR_HEIGHT = 18
LEGEND_HEIGHT = 30
NAME_CHARS = 32
_ids = count(1)


def segment_labels() -> dict[str, str]:
    return {"on_time": _("Đúng hạn"), "late": _("Trễ hạn"), "missing": _("Chưa nộp (quá hạn)"),
            "not_yet_due": _("Chưa đến hạn")}


def _short(text: str, limit: int = NAME_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(width: int, height: int, title: str, desc: str, body: list[str], css_class: str) -> Markup:
    n = next(_ids)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" role="img" '
            f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
            f'aria-labelledby="chart{n}-title chart{n}-desc" font-size="13">'
            f'<title id="chart{n}-title">{escape(title)}</title><desc id="chart{n}-desc">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def _legend(y: int) -> list[str]:
    out, x = [], LABEL_WIDTH
    for key, fill, _text in SEGMENTS:
        label = segment_labels()[key]
        out.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{fill}" stroke="#555" stroke-width=".5"/>'
                   f'<text x="{x + 19}" y="{y + 12}" fill="#1d2733">{escape(label)}</text>')
        x += 26 + 7 * len(label)
    return out


def _describe(name: str, counts: Counts) -> str:
    labels = segment_labels()
    parts = ", ".join(f"{labels[key]} {getattr(counts, key)}" for key, _f, _t in SEGMENTS)
    return f"{name}: {parts}"


def compliance_bars(rows: list[tuple[str, Counts]], title: str | None = None) -> Markup:
    """Stacked horizontal bars, one per unit: on time / late / missing / not yet due, to one scale."""
    title = title or _("Tình hình nộp báo cáo theo đơn vị")
    scale = max((c.expected for _n, c in rows), default=0) or 1
    width = LABEL_WIDTH + BAR_WIDTH + 60
    height = LEGEND_HEIGHT + ROW_HEIGHT * len(rows) + 10
    body = _legend(4)
    for i, (name, counts) in enumerate(rows):
        y = LEGEND_HEIGHT + i * ROW_HEIGHT + 6
        body.append(f'<g class="chart-row"><title>{escape(_describe(name, counts))}</title>'
                    f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end" fill="#1d2733">'
                    f'{escape(_short(name))}</text>')
        x = float(LABEL_WIDTH)
        for key, fill, text_fill in SEGMENTS:
            value = getattr(counts, key)
            if not value:
                continue
            w = BAR_WIDTH * value / scale
            body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" fill="{fill}">'
                        f'<title>{escape(segment_labels()[key])}: {value}</title></rect>')
            if w >= 8 * len(str(value)) + 4:
                body.append(f'<text x="{x + w / 2:.1f}" y="{y + 13}" text-anchor="middle" '
                            f'fill="{text_fill}">{value}</text>')
            x += w
        body.append(f'<text x="{x + 6:.1f}" y="{y + 13}" fill="#445">{counts.expected}</text></g>')
    desc = _("Số nghĩa vụ báo cáo của từng đơn vị theo tình trạng.") + " " + "; ".join(
        _describe(name, counts) for name, counts in rows)
    return _svg(width, height, title, desc, body, "chart-compliance")


def rate_bars(rows: list[tuple[str, Counts]], title: str | None = None) -> Markup:
    """One bar per regime: its on-time rate, 0–100 %."""
    title = title or _("Tỷ lệ nộp đúng hạn theo chế độ báo cáo")
    width = LABEL_WIDTH + BAR_WIDTH + 80
    top = 22
    height = top + ROW_HEIGHT * len(rows) + 8
    body = []
    for pct in (0, 50, 100):
        x = LABEL_WIDTH + BAR_WIDTH * pct / 100
        body.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 4}" stroke="#d5dbe3"/>'
                    f'<text x="{x:.1f}" y="{top - 8}" text-anchor="middle" fill="#556">{pct} %</text>')
    for i, (name, counts) in enumerate(rows):
        y = top + i * ROW_HEIGHT + 4
        rate = counts.rate
        label = format_rate(rate)
        body.append(f'<g class="chart-row"><title>{escape(name)}: {escape(label)}</title>'
                    f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end" fill="#1d2733">'
                    f'{escape(_short(name))}</text>')
        w = BAR_WIDTH * float(rate) / 100 if rate is not None else 0
        if w:
            body.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" fill="#0b4f8a"/>')
        body.append(f'<text x="{LABEL_WIDTH + w + 6:.1f}" y="{y + 13}" fill="#1d2733">{escape(label)}</text></g>')
    desc = _("Tỷ lệ nộp đúng hạn trên số nghĩa vụ đã đến hạn.") + " " + "; ".join(
        f"{name}: {format_rate(counts.rate)}" for name, counts in rows)
    return _svg(width, height, title, desc, body, "chart-rate")
