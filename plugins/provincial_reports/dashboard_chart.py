"""An indicator's province total over the periods, as an inline SVG column chart drawn on the server like
the core's dashboard charts (no script, nothing from another host), with each value written above its
column and a text description for screen readers.

The core's ``dashboard.charts`` draws compliance counts and on-time rates only; this chart follows the
same conventions (role="img", a title and a description, figures on the marks)."""
from decimal import Decimal
from itertools import count

from flask_babel import gettext as _
from markupsafe import Markup, escape

from plugins.provincial_reports.dashboard import number_text

LEFT, TOP, BOTTOM, PLOT_HEIGHT, COLUMN, GAP = 16, 26, 46, 180, 46, 18
FILL, TEXT, AXIS = "#0b4f8a", "#1d2733", "#d5dbe3"
_ids = count(1)


def _short_period(text: str) -> str:
    return text.replace("tháng ", "T").replace("quý ", "Q").replace("6 tháng đầu năm ", "6T/").replace(
        "6 tháng cuối năm ", "6TC/").replace("năm ", "")


def trend_columns(points: list[tuple[str, str, Decimal | None]], title: str) -> Markup:
    """One column per period (``(key, text, value)``, oldest first); a period without figures has none."""
    values = [v for _k, _t, v in points if v is not None]
    top_value = max([abs(v) for v in values], default=Decimal(0)) or Decimal(1)
    width = LEFT * 2 + len(points) * (COLUMN + GAP)
    height = TOP + PLOT_HEIGHT + BOTTOM
    base = TOP + PLOT_HEIGHT
    n = next(_ids)
    body = [f'<line x1="{LEFT}" y1="{base}" x2="{width - LEFT}" y2="{base}" stroke="{AXIS}"/>']
    for i, (_key, text, value) in enumerate(points):
        x = LEFT + i * (COLUMN + GAP) + GAP / 2
        middle = x + COLUMN / 2
        label = number_text(value) if value is not None else _("chưa có")
        body.append(f'<g class="chart-row"><title>{escape(text)}: {escape(label)}</title>')
        if value is not None:
            h = float(PLOT_HEIGHT * abs(value) / top_value)
            body.append(f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{COLUMN}" height="{h:.1f}" fill="{FILL}"/>'
                        f'<text x="{middle:.1f}" y="{base - h - 6:.1f}" text-anchor="middle" fill="{TEXT}" '
                        f'font-size="11">{escape(label)}</text>')
        else:
            body.append(f'<text x="{middle:.1f}" y="{base - 6}" text-anchor="middle" fill="#667" '
                        f'font-size="11">{escape(label)}</text>')
        body.append(f'<text x="{middle:.1f}" y="{base + 18}" text-anchor="middle" fill="{TEXT}" font-size="11">'
                    f'{escape(_short_period(text))}</text></g>')
    desc = _("Giá trị toàn tỉnh theo kỳ báo cáo.") + " " + "; ".join(
        f"{text}: {number_text(value) if value is not None else _('chưa có')}" for _k, text, value in points)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-trend" role="img" '
            f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{max(width, 320)}px" '
            f'aria-labelledby="prtrend{n}-title prtrend{n}-desc" font-size="13">'
            f'<title id="prtrend{n}-title">{escape(title)}</title><desc id="prtrend{n}-desc">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")
