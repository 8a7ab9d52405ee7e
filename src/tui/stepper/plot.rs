//! The stepper's plot: computed in `update` (window, curve samples, the shaded map of f),
//! drawn from the stored numbers only.
//!
//! - One variable: the curve f over the window, the iterates on it, the current one marked,
//!   and the tangent at the current point (dashed).
//! - Two variables: f over the window as a map shaded in five bands (quantiles of the sampled
//!   values, so the valley shows whatever the scale), with a legend, and the path on top.
//! - More variables: f against the step number.
//!
//! The window is the example's `view` (or a box around the start and the origin), grown to
//! take in every shown iterate when the path leaves it.

use crate::descent::{fmt_sig, State, Stepper};
use crate::tui::text::{truncate, width};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line as TextLine, Span};
use ratatui::widgets::canvas::{Canvas, Line};
use ratatui::widgets::{Block, Widget};

/// Samples of f across the map (columns × rows): finer than any terminal cell grid the
/// stepper is drawn in, so each cell picks its nearest sample.
pub(super) const GRID_W: usize = 160;
pub(super) const GRID_H: usize = 80;
/// Samples of the curve of a one-variable function.
const CURVE_SAMPLES: usize = 321;
/// Shading characters, lowest band first. The lowest band is left blank so that the path
/// through the valley stands out; cells where f is undefined show `×`.
pub(super) const SHADES: [char; 5] = [' ', '░', '▒', '▓', '█'];
const UNDEFINED: u8 = u8::MAX;
const ITERATE: &str = "•";
const CURRENT: &str = "◆";

/// The plot window: one interval per variable.
pub(super) type Window = Vec<(f64, f64)>;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Plot {
    Curve(CurvePlot),
    Map(MapPlot),
    Loss(LossPlot),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct CurvePlot {
    pub x: (f64, f64),
    pub y: (f64, f64),
    /// The curve, broken where f is undefined or not finite.
    pub segments: Vec<Vec<(f64, f64)>>,
    /// (xₙ, f(xₙ)) for every shown step.
    pub iterates: Vec<(f64, f64)>,
    pub current: usize,
    /// The tangent at the current point, a quarter of the window to each side.
    pub tangent: ((f64, f64), (f64, f64)),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct MapPlot {
    pub x: (f64, f64),
    pub y: (f64, f64),
    /// Band of each sample, row 0 at the top (largest y); `UNDEFINED` where f is not finite.
    pub bands: Vec<u8>,
    /// The upper edges of the four lower bands.
    pub thresholds: Vec<f64>,
    pub any_undefined: bool,
    pub path: Vec<(f64, f64)>,
    pub current: usize,
    pub vars: (String, String),
}

#[derive(Clone, Debug, PartialEq)]
pub(super) struct LossPlot {
    pub n: (f64, f64),
    pub f: (f64, f64),
    pub points: Vec<(f64, f64)>,
    pub current: usize,
}

/// The window a default view uses for one variable: the start and 0, with room around them.
pub(super) fn default_interval(start: f64) -> (f64, f64) {
    let (lo, hi) = (start.min(0.0), start.max(0.0));
    let pad = (0.25 * (hi - lo)).max(1.0);
    (lo - pad, hi + pad)
}

/// The base window grown to take in every point, with a 5% margin on each side that grew.
pub(super) fn follow(base: &[(f64, f64)], states: &[State]) -> Window {
    base.iter()
        .enumerate()
        .map(|(i, &(mut lo, mut hi))| {
            let (mut grew_lo, mut grew_hi) = (false, false);
            for s in states {
                let v = s.x[i];
                if v < lo {
                    lo = v;
                    grew_lo = true;
                }
                if v > hi {
                    hi = v;
                    grew_hi = true;
                }
            }
            let span = hi - lo;
            if grew_lo {
                lo -= 0.05 * span;
            }
            if grew_hi {
                hi += 0.05 * span;
            }
            widen((lo, hi))
        })
        .collect()
}

/// An interval with room in it: a point becomes ±1 around it (or ±1% of its size).
fn widen((lo, hi): (f64, f64)) -> (f64, f64) {
    if hi > lo && (hi - lo) > 1e-12 * lo.abs().max(hi.abs()) {
        (lo, hi)
    } else {
        let pad = (0.01 * lo.abs()).max(1.0);
        (lo - pad, hi + pad)
    }
}

fn finite_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

fn padded((lo, hi): (f64, f64)) -> (f64, f64) {
    let (lo, hi) = widen((lo, hi));
    let pad = 0.05 * (hi - lo);
    (lo - pad, hi + pad)
}

impl CurvePlot {
    pub(super) fn new(stepper: &Stepper, window: &Window, shown: &[State], cursor: usize) -> Self {
        let (x0, x1) = window[0];
        let xs: Vec<f64> = (0..CURVE_SAMPLES)
            .map(|k| x0 + (x1 - x0) * k as f64 / (CURVE_SAMPLES - 1) as f64)
            .collect();
        let mut ys = vec![0.0; CURVE_SAMPLES];
        stepper.values(&[&xs], &mut ys);
        let mut segments = Vec::new();
        let mut seg: Vec<(f64, f64)> = Vec::new();
        for (&x, &y) in xs.iter().zip(&ys) {
            if y.is_finite() {
                seg.push((x, y));
            } else if !seg.is_empty() {
                segments.push(std::mem::take(&mut seg));
            }
        }
        if !seg.is_empty() {
            segments.push(seg);
        }
        let iterates: Vec<(f64, f64)> = shown.iter().map(|s| (s.x[0], s.f)).collect();
        let y = finite_range(
            segments
                .iter()
                .flatten()
                .map(|p| p.1)
                .chain(iterates.iter().map(|p| p.1)),
        )
        .map_or((-1.0, 1.0), padded);
        let current = cursor.min(iterates.len().saturating_sub(1));
        let (cx, cy) = iterates.get(current).copied().unwrap_or((0.0, 0.0));
        let slope = shown.get(current).map_or(0.0, |s| s.grad[0]);
        let half = 0.25 * (x1 - x0);
        let tangent = (
            (cx - half, cy - slope * half),
            (cx + half, cy + slope * half),
        );
        CurvePlot {
            x: (x0, x1),
            y,
            segments,
            iterates,
            current,
            tangent,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, th: Theme) {
        let block = Block::bordered()
            .border_style(th.border())
            .title(format!(
                " x from {} to {}, f from {} to {} ",
                fmt_sig(self.x.0, 3),
                fmt_sig(self.x.1, 3),
                fmt_sig(self.y.0, 3),
                fmt_sig(self.y.1, 3)
            ))
            .title_bottom(legend_line(
                &[
                    ("⣀", "f", th.series(0)),
                    ("⠤ ⠤", "tangent", th.series(3)),
                    (ITERATE, "steps", Style::new()),
                    (CURRENT, "now", marker_style(th)),
                ],
                area.width.saturating_sub(2),
            ));
        let color = |i: usize| th.series(i).fg.unwrap_or(Color::Reset);
        let canvas = Canvas::default()
            .block(block)
            .marker(Marker::Braille)
            .x_bounds([self.x.0, self.x.1])
            .y_bounds([self.y.0, self.y.1])
            .paint(|ctx| {
                for seg in &self.segments {
                    for w in seg.windows(2) {
                        ctx.draw(&Line::new(w[0].0, w[0].1, w[1].0, w[1].1, color(0)));
                    }
                }
                ctx.layer();
                dashed(ctx, self.tangent.0, self.tangent.1, color(3));
                ctx.layer();
                label_points(ctx, &self.iterates, self.current, th);
            });
        canvas.render(area, buf);
    }
}

/// f at the centre of every cell of a `GRID_W` × `GRID_H` grid over the window, row 0 at the
/// top: one batch per row (the row's x values are the same for every row).
fn sample_map(stepper: &Stepper, x: (f64, f64), y: (f64, f64)) -> Vec<f64> {
    let xs: Vec<f64> = (0..GRID_W)
        .map(|c| x.0 + (x.1 - x.0) * (c as f64 + 0.5) / GRID_W as f64)
        .collect();
    let mut ys = vec![0.0; GRID_W];
    let mut values = vec![0.0; GRID_W * GRID_H];
    for (r, row) in values.chunks_exact_mut(GRID_W).enumerate() {
        ys.fill(y.1 - (y.1 - y.0) * (r as f64 + 0.5) / GRID_H as f64);
        stepper.values(&[&xs, &ys], row);
    }
    values
}

/// The upper edges of the lower bands: the finite values at 1/5, 2/5, 3/5 and 4/5 of the way
/// through them in order (empty when none is finite). Each is found by selection, not by
/// sorting all the samples; in the total order of `f64` the value at a rank is one bit pattern,
/// so the edges are the ones a sort gives.
fn thresholds(values: &[f64]) -> Vec<f64> {
    let mut finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let n = finite.len();
    if n == 0 {
        return Vec::new();
    }
    let mut edges = Vec::with_capacity(SHADES.len() - 1);
    // Everything before `lo` is at most the edge found last, so the rank sought next is
    // among `finite[lo..]`.
    let mut lo = 0;
    for k in 1..SHADES.len() {
        let rank = (k * n / SHADES.len()).min(n - 1);
        let (_, edge, _) = finite[lo..].select_nth_unstable_by(rank - lo, f64::total_cmp);
        edges.push(*edge);
        lo = rank;
    }
    edges
}

impl MapPlot {
    pub(super) fn new(
        stepper: &Stepper,
        window: &Window,
        shown: &[State],
        cursor: usize,
        reuse: Option<&MapPlot>,
    ) -> Self {
        let (x, y) = (window[0], window[1]);
        let path: Vec<(f64, f64)> = shown.iter().map(|s| (s.x[0], s.x[1])).collect();
        let current = cursor.min(path.len().saturating_sub(1));
        let vars = (stepper.vars()[0].clone(), stepper.vars()[1].clone());
        // The shading depends on the window only: keep it while the window stays put.
        if let Some(old) = reuse.filter(|m| m.x == x && m.y == y) {
            return MapPlot {
                path,
                current,
                ..old.clone()
            };
        }
        let values = sample_map(stepper, x, y);
        let thresholds = thresholds(&values);
        let bands: Vec<u8> = values
            .iter()
            .map(|v| {
                if v.is_finite() {
                    thresholds.iter().take_while(|t| *v >= **t).count() as u8
                } else {
                    UNDEFINED
                }
            })
            .collect();
        MapPlot {
            x,
            y,
            any_undefined: bands.contains(&UNDEFINED),
            bands,
            thresholds,
            path,
            current,
            vars,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, th: Theme) {
        let legend = self.legend(th);
        let block = Block::bordered()
            .border_style(th.border())
            .title(truncate(
                &format!(
                    " {} from {} to {} →, {} from {} to {} ↑ ",
                    self.vars.0,
                    fmt_sig(self.x.0, 3),
                    fmt_sig(self.x.1, 3),
                    self.vars.1,
                    fmt_sig(self.y.0, 3),
                    fmt_sig(self.y.1, 3)
                ),
                usize::from(area.width.saturating_sub(2)),
            ))
            .title_bottom(legend_line(&legend, area.width.saturating_sub(2)));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.width == 0 || inner.height == 0 {
            return;
        }
        for r in 0..inner.height {
            let sy = (usize::from(r) * GRID_H + GRID_H / 2) / usize::from(inner.height);
            for c in 0..inner.width {
                let sx = (usize::from(c) * GRID_W + GRID_W / 2) / usize::from(inner.width);
                let band = self.bands[sy.min(GRID_H - 1) * GRID_W + sx.min(GRID_W - 1)];
                let (ch, style) = shade(band, th);
                if let Some(cell) = buf.cell_mut((inner.x + c, inner.y + r)) {
                    cell.set_char(ch).set_style(style);
                }
            }
        }
        let canvas = Canvas::default()
            .marker(Marker::Braille)
            .x_bounds([self.x.0, self.x.1])
            .y_bounds([self.y.0, self.y.1])
            .paint(|ctx| {
                for w in self.path.windows(2) {
                    ctx.draw(&Line::new(w[0].0, w[0].1, w[1].0, w[1].1, Color::Reset));
                }
                ctx.layer();
                label_points(ctx, &self.path, self.current, th);
            });
        canvas.render(inner, buf);
    }

    fn legend(&self, th: Theme) -> Vec<(&'static str, String, Style)> {
        let mut out = Vec::new();
        for (k, ch) in SHADES.iter().enumerate() {
            // The top band is everything above the last edge: its symbol says enough.
            let text = match self.thresholds.get(k) {
                Some(t) => format!("<{}", fmt_sig(*t, 2)),
                None => String::new(),
            };
            let sym: &'static str = match ch {
                ' ' => "blank",
                '░' => "░",
                '▒' => "▒",
                '▓' => "▓",
                _ => "█",
            };
            out.push((sym, text, shade(k as u8, th).1));
        }
        if self.any_undefined {
            out.push(("×", "undefined".to_string(), Style::new()));
        }
        out.push((CURRENT, "now".to_string(), marker_style(th)));
        out
    }
}

impl LossPlot {
    pub(super) fn new(shown: &[State], cursor: usize) -> Self {
        let points: Vec<(f64, f64)> = shown.iter().map(|s| (s.n as f64, s.f)).collect();
        let f = finite_range(points.iter().map(|p| p.1)).map_or((-1.0, 1.0), padded);
        let n = (0.0, (points.len().max(2) - 1) as f64);
        LossPlot {
            n,
            f,
            current: cursor.min(points.len().saturating_sub(1)),
            points,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, th: Theme) {
        let block = Block::bordered().border_style(th.border()).title(format!(
            " f by step: n from 0 to {}, f from {} to {} ",
            self.n.1,
            fmt_sig(self.f.0, 3),
            fmt_sig(self.f.1, 3)
        ));
        let color = th.series(0).fg.unwrap_or(Color::Reset);
        Canvas::default()
            .block(block)
            .marker(Marker::Braille)
            .x_bounds([self.n.0, self.n.1])
            .y_bounds([self.f.0, self.f.1])
            .paint(|ctx| {
                for w in self.points.windows(2) {
                    ctx.draw(&Line::new(w[0].0, w[0].1, w[1].0, w[1].1, color));
                }
                ctx.layer();
                label_points(ctx, &self.points, self.current, th);
            })
            .render(area, buf);
    }
}

impl Plot {
    pub(super) fn render(&self, area: Rect, buf: &mut Buffer, th: Theme) {
        match self {
            Plot::Curve(p) => p.render(area, buf, th),
            Plot::Map(p) => p.render(area, buf, th),
            Plot::Loss(p) => p.render(area, buf, th),
        }
    }
}

fn marker_style(th: Theme) -> Style {
    th.notice().add_modifier(Modifier::BOLD)
}

fn shade(band: u8, th: Theme) -> (char, Style) {
    const COLORS: [Color; 5] = [
        Color::Reset,
        Color::Blue,
        Color::Cyan,
        Color::Yellow,
        Color::Red,
    ];
    match SHADES.get(usize::from(band)) {
        Some(ch) => {
            let style = if th.has_color() {
                Style::new().fg(COLORS[usize::from(band)])
            } else {
                Style::new()
            };
            (*ch, style)
        }
        None => ('×', Style::new()),
    }
}

/// Earlier iterates as `•`, the current one as a bold `◆`, drawn last so it is on top.
fn label_points(
    ctx: &mut ratatui::widgets::canvas::Context<'_>,
    points: &[(f64, f64)],
    current: usize,
    th: Theme,
) {
    for (i, &(x, y)) in points.iter().enumerate() {
        if i != current && x.is_finite() && y.is_finite() {
            ctx.print(x, y, TextLine::from(ITERATE));
        }
    }
    if let Some(&(x, y)) = points.get(current) {
        ctx.print(x, y, TextLine::styled(CURRENT, marker_style(th)));
    }
}

/// A dashed line: twelve pieces, every other one drawn.
fn dashed(
    ctx: &mut ratatui::widgets::canvas::Context<'_>,
    a: (f64, f64),
    b: (f64, f64),
    color: Color,
) {
    const PIECES: usize = 12;
    for k in (0..PIECES).step_by(2) {
        let t0 = k as f64 / PIECES as f64;
        let t1 = (k + 1) as f64 / PIECES as f64;
        ctx.draw(&Line::new(
            a.0 + (b.0 - a.0) * t0,
            a.1 + (b.1 - a.1) * t0,
            a.0 + (b.0 - a.0) * t1,
            a.1 + (b.1 - a.1) * t1,
            color,
        ));
    }
}

/// ` sym text  sym text ` as a title line, cut to `room` columns (whole entries only).
fn legend_line<S: AsRef<str>>(entries: &[(&str, S, Style)], room: u16) -> TextLine<'static> {
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (sym, text, style) in entries {
        let text = text.as_ref();
        // Words get a space after the symbol (`◆ now`), bounds do not (`░<40`).
        let sep = if text.starts_with(|c: char| c.is_alphabetic()) {
            " "
        } else {
            ""
        };
        let w = width(sym) + sep.len() + width(text) + 2;
        if used + w > usize::from(room) {
            break;
        }
        spans.push(Span::styled(sym.to_string(), *style));
        spans.push(Span::raw(format!("{sep}{text}  ")));
        used += w;
    }
    TextLine::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The edges as they were computed before: every finite value sorted, then picked.
    fn by_sorting(values: &[f64]) -> Vec<f64> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        if sorted.is_empty() {
            return Vec::new();
        }
        (1..SHADES.len())
            .map(|k| sorted[(k * sorted.len() / SHADES.len()).min(sorted.len() - 1)])
            .collect()
    }

    #[test]
    fn band_edges_by_selection_are_the_edges_of_the_sorted_values() {
        let mut x = 0.37_f64;
        let mut pool = vec![0.0, -0.0, f64::NAN, f64::INFINITY, 1.0, 1.0, -3.0, f64::MIN];
        for _ in 0..500 {
            x = (x * 9301.0 + 49297.0) % 233280.0;
            // Rounded to tenths, so that many values repeat.
            pool.push(((x / 233280.0 - 0.5) * 40.0).round() / 10.0);
        }
        for n in [0, 1, 2, 3, 4, 5, 6, 7, 11, 100, pool.len()] {
            let values = &pool[..n];
            let (got, want) = (thresholds(values), by_sorting(values));
            let bits = |v: &[f64]| v.iter().map(|t| t.to_bits()).collect::<Vec<_>>();
            assert_eq!(
                bits(&got),
                bits(&want),
                "{n} values: {got:?} against {want:?}"
            );
        }
    }
}
