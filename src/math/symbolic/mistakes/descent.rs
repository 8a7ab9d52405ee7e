//! The wrong steps of gradient descent, computed from the step formula.
//!
//! The right step is the stepper's (docs/descent.md): without momentum
//! `x₁ = x₀ − ε·∇f(x₀)`; with momentum α, `v₁ = α·v₀ − ε·∇f(x₀)` and `x₁ = x₀ + v₁`. Each
//! [`StepMistake`] is the same formula with one slip; [`wrong_steps`] computes them all, in
//! order of specificity, for one step from one point. Pure functions: the caller gives the
//! gradient (at the start point, and as a function for the gradient at the new point).

/// A slip in one step of gradient descent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StepMistake {
    /// `x₁ = x₀ + ε·∇f(x₀)`: a step uphill.
    Uphill,
    /// `x₁ = x₀ − ∇f(x₀)`: the learning rate forgotten.
    RateForgotten,
    /// `x₁ = x₀ − ε²·∇f(x₀)`: the learning rate applied twice.
    RateTwice,
    /// `x₁ = x₀ − ε·∇f(x₁)`: the gradient taken at the new point.
    GradientAtNewPoint,
    /// `x₁ = x₀ − ε·∇f(x₀)` where momentum was asked: the velocity forgotten.
    MomentumForgotten,
    /// `x₁ = x₀ − v₁`: the velocity added with its sign reversed.
    VelocityReversed,
    /// One coordinate updated with the other's partial derivative.
    PartialsSwapped,
}

impl StepMistake {
    /// The `diagnosis` tag.
    pub fn tag(self) -> &'static str {
        match self {
            StepMistake::Uphill => "uphill",
            StepMistake::RateForgotten => "rate_forgotten",
            StepMistake::RateTwice => "rate_twice",
            StepMistake::GradientAtNewPoint => "gradient_at_new_point",
            StepMistake::MomentumForgotten => "momentum_forgotten",
            StepMistake::VelocityReversed => "velocity_sign",
            StepMistake::PartialsSwapped => "swapped_partials",
        }
    }

    /// The mistake in the stepper's words, for a function of `n` variables ("you stepped
    /// uphill: x₁ = x₀ + ε·f′(x₀)").
    pub fn text(self, n: usize) -> String {
        let g = |at: &str| {
            if n == 1 {
                format!("f′({at})")
            } else {
                format!("∇f({at})")
            }
        };
        let right = format!("x₁ = x₀ − ε·{}", g("x₀"));
        match self {
            StepMistake::Uphill => format!(
                "You stepped uphill: x₁ = x₀ + ε·{}. Descent goes against the gradient: {right}.",
                g("x₀")
            ),
            StepMistake::RateForgotten => format!(
                "You forgot the learning rate: x₁ = x₀ − {}. The step is scaled by ε: {right}.",
                g("x₀")
            ),
            StepMistake::RateTwice => format!(
                "You applied the learning rate twice: x₁ = x₀ − ε²·{}. The step is {right}.",
                g("x₀")
            ),
            StepMistake::GradientAtNewPoint => format!(
                "You took the gradient at the new point: x₁ = x₀ − ε·{}. The step uses the \
                 gradient where you are: {right}.",
                g("x₁")
            ),
            StepMistake::MomentumForgotten => format!(
                "You forgot the momentum: x₁ = x₀ − ε·{}. With momentum α the velocity carries \
                 over: v₁ = α·v₀ − ε·{}, then x₁ = x₀ + v₁.",
                g("x₀"),
                g("x₀")
            ),
            StepMistake::VelocityReversed => format!(
                "You moved against the velocity: x₁ = x₀ − v₁. The velocity v₁ = α·v₀ − ε·{} \
                 already points downhill, so x₁ = x₀ + v₁.",
                g("x₀")
            ),
            StepMistake::PartialsSwapped => "You updated each coordinate with the other \
                 coordinate's partial derivative. Each coordinate moves by its own partial \
                 derivative: x₁ = x₀ − ε·∂f/∂x(x₀), y₁ = y₀ − ε·∂f/∂y(x₀)."
                .to_string(),
        }
    }
}

/// One step from `x0`, where the gradient is `grad0`, with learning rate `rate` and, when on,
/// momentum `(α, v₀)`.
#[derive(Clone, Copy, Debug)]
pub struct StepFrom<'a> {
    pub x0: &'a [f64],
    pub grad0: &'a [f64],
    pub rate: f64,
    pub momentum: Option<(f64, &'a [f64])>,
}

impl StepFrom<'_> {
    /// The velocity after the step (with momentum).
    fn velocity(&self, grad: &[f64]) -> Option<Vec<f64>> {
        let (alpha, v0) = self.momentum?;
        Some(
            v0.iter()
                .zip(grad)
                .map(|(v, g)| alpha * v - self.rate * g)
                .collect(),
        )
    }

    /// The right new point.
    pub fn right(&self) -> Vec<f64> {
        self.with_gradient(self.grad0, self.rate)
    }

    fn with_gradient(&self, grad: &[f64], rate: f64) -> Vec<f64> {
        match self.momentum {
            Some((alpha, v0)) => self
                .x0
                .iter()
                .zip(grad)
                .zip(v0)
                .map(|((x, g), v)| x + alpha * v - rate * g)
                .collect(),
            None => self
                .x0
                .iter()
                .zip(grad)
                .map(|(x, g)| x - rate * g)
                .collect(),
        }
    }
}

/// Every wrong new point one slip gives, most specific first. `grad_at` is the gradient at any
/// point (for the gradient taken at the new point). Slips that give the right point (ε = 1 for
/// the forgotten rate, a zero velocity for the reversed one, …) are left out.
pub fn wrong_steps(
    step: &StepFrom<'_>,
    grad_at: impl Fn(&[f64]) -> Vec<f64>,
) -> Vec<(StepMistake, Vec<f64>)> {
    let right = step.right();
    let mut out = Vec::new();
    let plain = |grad: &[f64], rate: f64| -> Vec<f64> {
        step.x0
            .iter()
            .zip(grad)
            .map(|(x, g)| x - rate * g)
            .collect()
    };
    if step.momentum.is_some() {
        out.push((StepMistake::MomentumForgotten, plain(step.grad0, step.rate)));
        if let Some(v1) = step.velocity(step.grad0) {
            let back: Vec<f64> = step.x0.iter().zip(&v1).map(|(x, v)| x - v).collect();
            out.push((StepMistake::VelocityReversed, back));
        }
    }
    out.push((
        StepMistake::Uphill,
        step.with_gradient(step.grad0, -step.rate),
    ));
    out.push((
        StepMistake::RateForgotten,
        step.with_gradient(step.grad0, 1.0),
    ));
    out.push((
        StepMistake::RateTwice,
        step.with_gradient(step.grad0, step.rate * step.rate),
    ));
    let g1 = grad_at(&right);
    if g1.len() == step.grad0.len() {
        out.push((
            StepMistake::GradientAtNewPoint,
            step.with_gradient(&g1, step.rate),
        ));
    }
    if let [gx, gy] = step.grad0 {
        out.push((
            StepMistake::PartialsSwapped,
            step.with_gradient(&[*gy, *gx], step.rate),
        ));
    }
    out.retain(|(_, p)| {
        p.iter().all(|v| v.is_finite())
            && p.iter()
                .zip(&right)
                .any(|(a, b)| (a - b).abs() > 1e-12 * (1.0 + b.abs()))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f(x, y) = x² + 3y², ∇f = (2x, 6y).
    fn grad(p: &[f64]) -> Vec<f64> {
        vec![2.0 * p[0], 6.0 * p[1]]
    }

    fn near(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
    }

    fn find(v: &[(StepMistake, Vec<f64>)], m: StepMistake) -> Vec<f64> {
        v.iter()
            .find(|(k, _)| *k == m)
            .map(|(_, p)| p.clone())
            .unwrap_or_default()
    }

    #[test]
    fn each_slip_is_the_step_formula_with_one_change() {
        let x0 = [1.0, 2.0];
        let g0 = grad(&x0);
        let s = StepFrom {
            x0: &x0,
            grad0: &g0,
            rate: 0.1,
            momentum: None,
        };
        assert!(near(&s.right(), &[1.0 - 0.2, 2.0 - 1.2]));
        let w = wrong_steps(&s, grad);
        assert!(near(&find(&w, StepMistake::Uphill), &[1.2, 3.2]));
        assert!(near(&find(&w, StepMistake::RateForgotten), &[-1.0, -10.0]));
        assert!(near(
            &find(&w, StepMistake::RateTwice),
            &[1.0 - 0.02, 2.0 - 0.12]
        ));
        // x₁ = (0.8, 0.8): ∇f(x₁) = (1.6, 4.8)
        let late = find(&w, StepMistake::GradientAtNewPoint);
        assert!(near(&late, &[1.0 - 0.16, 2.0 - 0.48]));
        assert!(near(
            &find(&w, StepMistake::PartialsSwapped),
            &[1.0 - 1.2, 2.0 - 0.2]
        ));
        assert!(!w.iter().any(|(k, _)| *k == StepMistake::MomentumForgotten));
    }

    #[test]
    fn momentum_slips_need_momentum() {
        let x0 = [1.0, 2.0];
        let g0 = grad(&x0);
        let v0 = [0.5, -0.5];
        let s = StepFrom {
            x0: &x0,
            grad0: &g0,
            rate: 0.1,
            momentum: Some((0.9, &v0)),
        };
        // v₁ = 0.9·(0.5, −0.5) − 0.1·(2, 12) = (0.25, −1.65)
        assert!(near(&s.right(), &[1.25, 0.35]));
        let w = wrong_steps(&s, grad);
        assert!(near(&find(&w, StepMistake::MomentumForgotten), &[0.8, 0.8]));
        assert!(near(
            &find(&w, StepMistake::VelocityReversed),
            &[0.75, 3.65]
        ));
    }

    #[test]
    fn a_slip_that_gives_the_right_point_is_left_out() {
        let x0 = [3.0];
        let g0 = [6.0];
        let s = StepFrom {
            x0: &x0,
            grad0: &g0,
            rate: 1.0,
            momentum: None,
        };
        let w = wrong_steps(&s, |p| vec![2.0 * p[0]]);
        assert!(!w
            .iter()
            .any(|(k, _)| matches!(k, StepMistake::RateForgotten | StepMistake::RateTwice)));
    }
}
