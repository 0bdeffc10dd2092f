"""Server-rendered inline SVG charts (pure, no ORM, no JavaScript, no CDN).

Values are numbers we format ourselves and labels are escaped, so the markup is safe to mark
as such in templates.
"""

from collections.abc import Callable
from decimal import Decimal
from html import escape

WIDTH, HEIGHT, PAD = 720, 220, 36


def _num(value) -> float:
    return float(value) if value is not None else 0.0


def line_chart(
    points: list[tuple[str, object]],
    *,
    title: str,
    color: str = "#0f766e",
    fmt: Callable = lambda v: f"{v:.2f}",
) -> str:
    """A line (with dots) over days; `points` = [(label, value)], None values are gaps at 0."""
    if not points:
        return ""
    values = [_num(v) for _label, v in points]
    top = max(values) or 1.0
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    step = inner_w / max(len(points) - 1, 1)

    def xy(index: int, value: float) -> tuple[float, float]:
        return PAD + index * step, PAD + inner_h - (value / top) * inner_h

    coords = [xy(i, v) for i, v in enumerate(values)]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5"><title>{escape(points[i][0])}: {escape(fmt(values[i]))}</title></circle>'
        for i, (x, y) in enumerate(coords)
    )
    first, last = escape(points[0][0]), escape(points[-1][0])
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" style="width:100%;height:auto">'
        f"<title>{escape(title)}</title>"
        f'<line x1="{PAD}" y1="{PAD + inner_h}" x2="{WIDTH - PAD}" y2="{PAD + inner_h}" stroke="#cbd5e1"/>'
        f'<text x="{PAD}" y="{PAD - 10}" font-size="11" fill="#6b7280">max {escape(fmt(top))}</text>'
        f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2"/>'
        f'<g fill="{color}">{dots}</g>'
        f'<text x="{PAD}" y="{HEIGHT - 8}" font-size="11" fill="#6b7280">{first}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" font-size="11" fill="#6b7280" text-anchor="end">{last}</text>'
        "</svg>"
    )


def bar_chart(
    items: list[tuple[str, object]], *, title: str, color: str = "#0f766e", fmt: Callable = str
) -> str:
    """Horizontal bars, one per item (top products by revenue)."""
    if not items:
        return ""
    top = max(_num(v) for _l, v in items) or 1.0
    row = 26
    height = row * len(items) + 10
    label_w = 200
    bars = []
    for index, (label, value) in enumerate(items):
        y = 5 + index * row
        width = (WIDTH - label_w - 90) * _num(value) / top
        amount = Decimal(str(value or 0)).quantize(Decimal("0.01"))
        bars.append(
            f'<text x="0" y="{y + 16}" font-size="12">{escape(label[:32])}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="{row - 8}" fill="{color}" rx="3"/>'
            f'<text x="{label_w + width + 6:.1f}" y="{y + 16}" font-size="12" fill="#374151">{escape(fmt(amount))}</text>'
        )
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" style="width:100%;height:auto"><title>{escape(title)}</title>'
        + "".join(bars)
        + "</svg>"
    )
