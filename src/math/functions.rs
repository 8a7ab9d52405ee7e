//! The functions of the answer language: names, aliases, arities and their numerical definitions.
//!
//! Evaluation dispatches on the canonical name with a `match` (no hash map on the hot path).

/// A built-in function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Func {
    Sin,
    Cos,
    Tan,
    Sec,
    Csc,
    Cot,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Exp,
    Ln,
    Log10,
    Log2,
    Sqrt,
    Abs,
    Sigmoid,
    Relu,
    Min,
    Max,
}

/// How many arguments a function takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arity {
    One,
    AtLeastOne,
}

pub(crate) const ALL: [Func; 25] = [
    Func::Sin,
    Func::Cos,
    Func::Tan,
    Func::Sec,
    Func::Csc,
    Func::Cot,
    Func::Asin,
    Func::Acos,
    Func::Atan,
    Func::Sinh,
    Func::Cosh,
    Func::Tanh,
    Func::Asinh,
    Func::Acosh,
    Func::Atanh,
    Func::Exp,
    Func::Ln,
    Func::Log10,
    Func::Log2,
    Func::Sqrt,
    Func::Abs,
    Func::Sigmoid,
    Func::Relu,
    Func::Min,
    Func::Max,
];

impl Func {
    /// The canonical ASCII name: what `strict()` writes and what meval is given.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Func::Sin => "sin",
            Func::Cos => "cos",
            Func::Tan => "tan",
            Func::Sec => "sec",
            Func::Csc => "csc",
            Func::Cot => "cot",
            Func::Asin => "asin",
            Func::Acos => "acos",
            Func::Atan => "atan",
            Func::Sinh => "sinh",
            Func::Cosh => "cosh",
            Func::Tanh => "tanh",
            Func::Asinh => "asinh",
            Func::Acosh => "acosh",
            Func::Atanh => "atanh",
            Func::Exp => "exp",
            Func::Ln => "ln",
            Func::Log10 => "log10",
            Func::Log2 => "log2",
            Func::Sqrt => "sqrt",
            Func::Abs => "abs",
            Func::Sigmoid => "sigmoid",
            Func::Relu => "relu",
            Func::Min => "min",
            Func::Max => "max",
        }
    }

    /// Other spellings accepted in input (besides the canonical name). `log` is handled by the
    /// scope's [`LogBase`](super::LogBase) and is not listed here.
    pub(crate) fn aliases(self) -> &'static [&'static str] {
        match self {
            Func::Sin => &["sine"],
            Func::Cos => &["cosine"],
            Func::Asin => &["arcsin"],
            Func::Acos => &["arccos"],
            Func::Atan => &["arctan"],
            Func::Asinh => &["arsinh", "arcsinh"],
            Func::Acosh => &["arcosh", "arccosh"],
            Func::Atanh => &["artanh", "arctanh"],
            Func::Cot => &["cotan"],
            Func::Csc => &["cosec"],
            Func::Log10 => &["log₁₀", "lg"],
            Func::Log2 => &["log₂", "lb"],
            Func::Sigmoid => &["sigma", "sig", "σ"],
            _ => &[],
        }
    }

    /// How the preview writes the function name (it reads back through `Expr::parse`).
    pub(crate) fn pretty(self) -> &'static str {
        match self {
            Func::Log10 => "log₁₀",
            Func::Log2 => "log₂",
            Func::Sigmoid => "σ",
            f => f.name(),
        }
    }

    pub(crate) fn arity(self) -> Arity {
        match self {
            Func::Min | Func::Max => Arity::AtLeastOne,
            _ => Arity::One,
        }
    }

    /// Looks a canonical name up (the names meval hands back to us).
    #[inline]
    pub(crate) fn from_name(name: &str) -> Option<Func> {
        Some(match name {
            "sin" => Func::Sin,
            "cos" => Func::Cos,
            "tan" => Func::Tan,
            "sec" => Func::Sec,
            "csc" => Func::Csc,
            "cot" => Func::Cot,
            "asin" => Func::Asin,
            "acos" => Func::Acos,
            "atan" => Func::Atan,
            "sinh" => Func::Sinh,
            "cosh" => Func::Cosh,
            "tanh" => Func::Tanh,
            "asinh" => Func::Asinh,
            "acosh" => Func::Acosh,
            "atanh" => Func::Atanh,
            "exp" => Func::Exp,
            "ln" => Func::Ln,
            "log10" => Func::Log10,
            "log2" => Func::Log2,
            "sqrt" => Func::Sqrt,
            "abs" => Func::Abs,
            "sigmoid" => Func::Sigmoid,
            "relu" => Func::Relu,
            "min" => Func::Min,
            "max" => Func::Max,
            _ => return None,
        })
    }

    /// Applies the function to one argument (`min` and `max` of one value are that value).
    #[inline]
    pub(crate) fn apply1(self, x: f64) -> f64 {
        match self {
            Func::Sin => x.sin(),
            Func::Cos => x.cos(),
            Func::Tan => x.tan(),
            Func::Sec => 1.0 / x.cos(),
            Func::Csc => 1.0 / x.sin(),
            Func::Cot => 1.0 / x.tan(),
            Func::Asin => x.asin(),
            Func::Acos => x.acos(),
            Func::Atan => x.atan(),
            Func::Sinh => x.sinh(),
            Func::Cosh => x.cosh(),
            Func::Tanh => x.tanh(),
            Func::Asinh => x.asinh(),
            Func::Acosh => x.acosh(),
            Func::Atanh => x.atanh(),
            Func::Exp => x.exp(),
            Func::Ln => x.ln(),
            Func::Log10 => x.log10(),
            Func::Log2 => x.log2(),
            Func::Sqrt => x.sqrt(),
            Func::Abs => x.abs(),
            Func::Sigmoid => sigmoid(x),
            Func::Relu => relu(x),
            Func::Min | Func::Max => x,
        }
    }

    /// Applies the function. Wrong argument counts give `None` (the parser never produces them).
    #[inline]
    pub(crate) fn apply(self, args: &[f64]) -> Option<f64> {
        if let [x] = args {
            return Some(self.apply1(*x));
        }
        match self {
            Func::Min if !args.is_empty() => Some(fold_nan(args, f64::min)),
            Func::Max if !args.is_empty() => Some(fold_nan(args, f64::max)),
            _ => None,
        }
    }
}

/// The logistic function 1/(1+e^(−x)).
pub(crate) fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// max(x, 0), but NaN stays NaN (`f64::max` would turn NaN into 0).
pub(crate) fn relu(x: f64) -> f64 {
    if x > 0.0 || x.is_nan() {
        x
    } else {
        0.0
    }
}

/// Folds with `f`, but any NaN argument makes the result NaN (`f64::min`/`max` skip NaN).
fn fold_nan(args: &[f64], f: fn(f64, f64) -> f64) -> f64 {
    let mut acc = args[0];
    for &a in args {
        if a.is_nan() {
            return f64::NAN;
        }
        acc = f(acc, a);
    }
    acc
}

/// An aggregate over data rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Aggregate {
    Sum,
    Prod,
    Mean,
}

impl Aggregate {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Aggregate::Sum => "sum",
            Aggregate::Prod => "prod",
            Aggregate::Mean => "mean",
        }
    }

    pub(crate) fn from_name(name: &str) -> Option<Aggregate> {
        match name {
            "sum" => Some(Aggregate::Sum),
            "prod" => Some(Aggregate::Prod),
            "mean" => Some(Aggregate::Mean),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_round_trips_its_name() {
        for f in ALL {
            assert_eq!(Func::from_name(f.name()), Some(f));
        }
    }

    #[test]
    fn nan_propagates_through_relu_min_max() {
        assert!(relu(f64::NAN).is_nan());
        assert_eq!(relu(-2.0), 0.0);
        assert_eq!(relu(3.0), 3.0);
        assert!(Func::Max.apply(&[1.0, f64::NAN]).is_some_and(f64::is_nan));
        assert_eq!(Func::Min.apply(&[3.0, -1.0, 2.0]), Some(-1.0));
        assert_eq!(Func::Max.apply(&[3.0, -1.0, 2.0]), Some(3.0));
        assert_eq!(Func::Sin.apply(&[1.0, 2.0]), None);
    }

    #[test]
    fn sigmoid_is_stable_at_extremes() {
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid(0.0), 0.5);
    }
}
