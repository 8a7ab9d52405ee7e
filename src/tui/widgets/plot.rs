//! The plot panel of one-variable derivative exercises: f, the exact derivative (the symbolic
//! derivative of `math::symbolic`; finite differences, and a legend that says so, where it has
//! no closed form), and the student's last answer over the domain; for `at` exercises the
//! tangent line at the point. All numbers are computed when the data is built (in `update`);
//! drawing only borrows them.

use crate::math::symbolic::{Derivation, Function};
use crate::math::{Expr, Scope};
use crate::question::{Ask, Question, RateKind, Rates, Target};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Widget};

const SAMPLES: usize = 161;

#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// Continuous pieces (split where the curve is undefined or leaves the window).
    pub segments: Vec<Vec<(f64, f64)>>,
    pub marker: Marker,
    /// Index into the theme's series colours.
    pub color: usize,
}

#[derive(Clone, Debug)]
pub struct Plot {
    pub var: String,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub series: Vec<Series>,
    /// The point of an `at` exercise.
    pub at: Option<f64>,
    order: u8,
    f: Expr,
}

/// f at every one of `xs`, in one batch.
fn values(f: &Expr, xs: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; xs.len()];
    f.eval_batch(&[xs], &mut out);
    out
}

/// Central finite differences at every one of `xs` (f at the shifted points in one batch
/// each); good enough for a picture where there is no closed form.
fn derivatives(f: &Expr, xs: &[f64], order: u8) -> Vec<f64> {
    let scale = if order == 1 { 1e-5 } else { 1e-3 };
    let hs: Vec<f64> = xs.iter().map(|x| scale * x.abs().max(1.0)).collect();
    let shifted = |sign: f64| -> Vec<f64> {
        let at: Vec<f64> = xs.iter().zip(&hs).map(|(x, h)| x + sign * h).collect();
        values(f, &at)
    };
    let (up, down) = (shifted(1.0), shifted(-1.0));
    if order == 1 {
        (0..xs.len())
            .map(|i| (up[i] - down[i]) / (2.0 * hs[i]))
            .collect()
    } else {
        let mid = values(f, xs);
        (0..xs.len())
            .map(|i| (up[i] - 2.0 * mid[i] + down[i]) / (hs[i] * hs[i]))
            .collect()
    }
}

/// The sample points across `range`.
fn xs(range: (f64, f64)) -> Vec<f64> {
    let (a, b) = range;
    (0..SAMPLES)
        .map(|i| a + (b - a) * i as f64 / (SAMPLES - 1) as f64)
        .collect()
}

/// `(x, y)` pairs.
fn points(xs: &[f64], ys: &[f64]) -> Vec<(f64, f64)> {
    xs.iter().copied().zip(ys.iter().copied()).collect()
}

/// The question's rates when it asks for a first or second derivative of one function of one
/// variable (the only questions with a plot), with the derivative's order.
fn one_variable_derivative(q: &Question) -> Option<(&Rates, u8)> {
    let Ask::Rates(r) = &q.ask else {
        return None;
    };
    if r.kind != RateKind::Derivative || r.vars.len() != 1 || r.functions.len() != 1 {
        return None;
    }
    match q.answer.cells.as_slice() {
        [cell] => match &cell.target {
            Target::Partial { idx, .. } if (1..=2).contains(&idx.len()) => {
                Some((r, idx.len() as u8))
            }
            _ => None,
        },
        _ => None,
    }
}

/// The domain, grown to show the point of an `at` exercise with room around it; `None` when
/// it is not a proper interval.
fn window(mut x: (f64, f64), at: Option<f64>) -> Option<(f64, f64)> {
    if let Some(a) = at.filter(|a| a.is_finite()) {
        let pad = 0.1 * (x.1 - x.0).abs().max(1.0);
        x = (x.0.min(a - pad), x.1.max(a + pad));
    }
    (x.0.is_finite() && x.1.is_finite() && x.0 < x.1).then_some(x)
}

impl Plot {
    /// The plot of a prepared question, when it has one: a derivative (first or second) of one
    /// variable, whose function is finite somewhere in the domain. The question's parsed
    /// function is drawn; nothing is parsed again.
    pub fn for_question(q: &Question) -> Option<Plot> {
        let (r, order) = one_variable_derivative(q)?;
        let f = r.functions.first()?.expr.clone();
        let at = r.at.as_ref().and_then(|p| p.first().copied());
        let x = window(*r.ranges.first()?, at)?;
        let ts = xs(x);
        let fv = points(&ts, &values(&f, &ts));
        // The exact curve is the symbolic derivative; without a closed form (a kink), finite
        // differences, named as such.
        let exact: Option<Derivation> = Function::new(&f)
            .derivative(&vec![0; usize::from(order)])
            .ok();
        let dys = match &exact {
            Some(d) => ts.iter().map(|&t| d.eval(&[t])).collect(),
            None => derivatives(&f, &ts, order),
        };
        let dv = points(&ts, &dys);
        let y = bounds(fv.iter().chain(dv.iter()).map(|p| p.1))?;
        let dname = match (order, exact.is_some()) {
            (1, true) => "• f′ exact",
            (1, false) => "• f′ ≈ numeric",
            (_, true) => "• f″ exact",
            (_, false) => "• f″ ≈ numeric",
        };
        let mut plot = Plot {
            var: r.vars.first()?.clone(),
            x,
            y,
            series: Vec::new(),
            at,
            order,
            f,
        };
        plot.series
            .push(plot.series_of("f", fv, Marker::Braille, 0));
        plot.series.push(plot.series_of(dname, dv, Marker::Dot, 1));
        if let (Some(a), 1) = (at, order) {
            plot.push_exact_tangent(a, exact.as_ref());
        }
        Some(plot)
    }

    /// The tangent at `a` from the exact derivative, or from finite differences without one.
    fn push_exact_tangent(&mut self, a: f64, exact: Option<&Derivation>) {
        let (name, slope) = match exact {
            Some(d) => ("tangent exact", d.eval(&[a])),
            None => ("tangent ≈", derivatives(&self.f, &[a], 1)[0]),
        };
        if let Some(s) = self.tangent(name, a, slope, 3) {
            self.series.push(s);
        }
    }

    fn series_of(
        &self,
        name: &str,
        points: Vec<(f64, f64)>,
        marker: Marker,
        color: usize,
    ) -> Series {
        let mut segments = Vec::new();
        let mut cur: Vec<(f64, f64)> = Vec::new();
        for (x, y) in points {
            if y.is_finite() && y >= self.y.0 && y <= self.y.1 {
                cur.push((x, y));
            } else if !cur.is_empty() {
                segments.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            segments.push(cur);
        }
        Series {
            name: name.to_string(),
            segments,
            marker,
            color,
        }
    }

    fn tangent(&self, name: &str, a: f64, slope: f64, color: usize) -> Option<Series> {
        self.tangent_marked(name, a, slope, color, Marker::Braille)
    }

    fn tangent_marked(
        &self,
        name: &str,
        a: f64,
        slope: f64,
        color: usize,
        marker: Marker,
    ) -> Option<Series> {
        let fa = self.f.eval(&[a]);
        if !(fa.is_finite() && slope.is_finite()) {
            return None;
        }
        let pts = xs(self.x)
            .into_iter()
            .map(|t| (t, fa + slope * (t - a)))
            .collect();
        Some(self.series_of(name, pts, marker, color))
    }

    /// Replaces the student's series with their latest answer: an expression in the variable,
    /// or, for `at` exercises, a slope drawn as a tangent at the point.
    pub fn set_student(&mut self, answer: Option<&str>, scope: &Scope) {
        self.series.retain(|s| s.color != 2);
        let Some(text) = answer else { return };
        let series = match self.at {
            Some(a) => {
                if self.order != 1 {
                    return;
                }
                let slope = match crate::math::eval_constant(text, scope) {
                    Ok(v) => v,
                    Err(_) => return,
                };
                self.tangent_marked("▀ your tangent", a, slope, 2, Marker::HalfBlock)
            }
            None => {
                let Ok(g) = Expr::parse(text, scope) else {
                    return;
                };
                let ts = xs(self.x);
                let pts = points(&ts, &values(&g, &ts));
                Some(self.series_of("▀ your answer", pts, Marker::HalfBlock, 2))
            }
        };
        if let Some(s) = series {
            self.series.push(s);
        }
    }

    /// Draws the chart, its legend in the bottom border (where no curve can cover it), each
    /// curve named after its mark so that it reads without colour.
    pub fn render(&self, area: Rect, buf: &mut Buffer, th: Theme) {
        let mut datasets = Vec::new();
        let mut legend: Vec<Span> = vec![Span::raw(" ")];
        for s in &self.series {
            for seg in &s.segments {
                datasets.push(
                    Dataset::default()
                        .marker(s.marker)
                        .graph_type(GraphType::Line)
                        .style(th.series(s.color))
                        .data(seg),
                );
            }
            let name = match s.marker {
                Marker::Braille => format!("⣀ {}", s.name),
                _ => s.name.clone(),
            };
            legend.push(Span::styled(name, th.series(s.color)));
            legend.push(Span::raw("  "));
        }
        legend.pop();
        legend.push(Span::raw(" "));
        let fmt = |v: f64| Span::raw(format!("{v:.3}"));
        let x_axis = Axis::default()
            .title(self.var.clone())
            .bounds([self.x.0, self.x.1])
            .labels([
                fmt(self.x.0),
                fmt((self.x.0 + self.x.1) / 2.0),
                fmt(self.x.1),
            ]);
        let y_axis = Axis::default().bounds([self.y.0, self.y.1]).labels([
            fmt(self.y.0),
            fmt((self.y.0 + self.y.1) / 2.0),
            fmt(self.y.1),
        ]);
        let title = match self.at {
            Some(a) => format!(" Plot: tangent at {} = {a} ", self.var),
            None => " Plot ".to_string(),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(title)
            .title_bottom(Line::from(legend));
        Chart::new(datasets)
            .block(block)
            .x_axis(x_axis)
            .y_axis(y_axis)
            .legend_position(None)
            .render(area, buf);
    }
}

/// A y window that keeps most values in view without letting a pole flatten everything:
/// the 2nd to 98th percentile, padded by a tenth.
fn bounds(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let mut v: Vec<f64> = values.filter(|y| y.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let pick = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    let (lo, hi) = (pick(0.02), pick(0.98));
    let span = (hi - lo).max(1e-9 * lo.abs().max(1.0)).max(1e-6);
    Some((lo - 0.1 * span, hi + 0.1 * span))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The central difference at one point, as the panel computed it before batches.
    fn one_point(f: &Expr, x: f64, order: u8) -> f64 {
        if order == 1 {
            let h = 1e-5 * x.abs().max(1.0);
            (f.eval(&[x + h]) - f.eval(&[x - h])) / (2.0 * h)
        } else {
            let h = 1e-3 * x.abs().max(1.0);
            (f.eval(&[x + h]) - 2.0 * f.eval(&[x]) + f.eval(&[x - h])) / (h * h)
        }
    }

    #[test]
    fn numeric_derivatives_in_batches_are_the_central_differences_point_by_point() {
        let scope = Scope::new(&["x".to_string()]);
        let f = Expr::parse("abs(x - 1) x^3 + sqrt(x) - ln(x)", &scope).expect("parses");
        let ts = xs((-3.0, 40.0));
        for order in [1, 2] {
            for (&t, d) in ts.iter().zip(derivatives(&f, &ts, order)) {
                let want = one_point(&f, t, order);
                assert!(
                    d.to_bits() == want.to_bits() || (d.is_nan() && want.is_nan()),
                    "order {order} at {t}: {d:e} against {want:e}"
                );
            }
        }
    }

    #[test]
    fn window_ignores_a_pole() {
        let vals = (1..=100).map(|i| if i == 50 { 1e12 } else { f64::from(i) });
        let (lo, hi) = bounds(vals).expect("values");
        assert!(lo < 3.0 && hi < 120.0, "{lo} {hi}");
    }
}
