//! The steps of a derivation: which rule was applied to which subexpression, with what result.

use super::tree::Sym;
use crate::math::functions::Func;

/// A differentiation rule, as the lecture names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    Sum,
    Constant,
    Variable,
    ConstantMultiple,
    Power,
    Product,
    Quotient,
    Chain,
    Exp,
    Log,
    Trig,
    InverseTrig,
    Hyperbolic,
    Sqrt,
    Sigmoid,
    Abs,
    /// `u^v` with the variable in both: `u^v = e^(v·ln u)`.
    VariableExponent,
}

impl Rule {
    /// The tag written in `derive --json` (`sum`, `constant_multiple`, `chain`, ...).
    pub fn tag(self) -> &'static str {
        match self {
            Rule::Sum => "sum",
            Rule::Constant => "constant",
            Rule::Variable => "variable",
            Rule::ConstantMultiple => "constant_multiple",
            Rule::Power => "power",
            Rule::Product => "product",
            Rule::Quotient => "quotient",
            Rule::Chain => "chain",
            Rule::Exp => "exp",
            Rule::Log => "log",
            Rule::Trig => "trig",
            Rule::InverseTrig => "inverse_trig",
            Rule::Hyperbolic => "hyperbolic",
            Rule::Sqrt => "sqrt",
            Rule::Sigmoid => "sigmoid",
            Rule::Abs => "abs",
            Rule::VariableExponent => "variable_exponent",
        }
    }

    /// The name in a sentence ("Product rule").
    pub fn title(self) -> &'static str {
        match self {
            Rule::Sum => "Sum rule",
            Rule::Constant => "Constant rule",
            Rule::Variable => "Variable rule",
            Rule::ConstantMultiple => "Constant multiple rule",
            Rule::Power => "Power rule",
            Rule::Product => "Product rule",
            Rule::Quotient => "Quotient rule",
            Rule::Chain => "Chain rule",
            Rule::Exp => "Exponential rule",
            Rule::Log => "Logarithm rule",
            Rule::Trig => "Trigonometric rule",
            Rule::InverseTrig => "Inverse trigonometric rule",
            Rule::Hyperbolic => "Hyperbolic rule",
            Rule::Sqrt => "Square-root rule",
            Rule::Sigmoid => "Sigmoid rule",
            Rule::Abs => "Absolute-value rule",
            Rule::VariableExponent => "Variable exponent",
        }
    }

    /// The rule for differentiating `f(x)` itself.
    pub(crate) fn of_function(f: Func) -> Rule {
        match f {
            Func::Sin | Func::Cos | Func::Tan | Func::Sec | Func::Csc | Func::Cot => Rule::Trig,
            Func::Asin | Func::Acos | Func::Atan => Rule::InverseTrig,
            Func::Sinh | Func::Cosh | Func::Tanh | Func::Asinh | Func::Acosh | Func::Atanh => {
                Rule::Hyperbolic
            }
            Func::Exp => Rule::Exp,
            Func::Ln | Func::Log10 | Func::Log2 => Rule::Log,
            Func::Sqrt => Rule::Sqrt,
            Func::Abs => Rule::Abs,
            Func::Sigmoid => Rule::Sigmoid,
            Func::Relu | Func::Min | Func::Max => Rule::Abs,
        }
    }
}

/// What a step needs for its sentence besides the subexpression and its derivative.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Detail {
    None,
    /// The constant factor and the rest (`c·u`).
    Multiple {
        constant: Sym,
        rest: Sym,
    },
    /// `u·v`.
    Product {
        u: Sym,
        v: Sym,
    },
    /// `u/v`.
    Quotient {
        u: Sym,
        v: Sym,
    },
    /// The layers of a chain, outermost first: each written with the placeholder for the next
    /// layer (`sin(u)`, `e^v`), with the subexpression it stands for and the derivative of the
    /// layer in its placeholder (`cos(u)`).
    Chain {
        layers: Vec<Layer>,
    },
    /// The rule for a function of the variable itself: `d/dx f(x) = f′(x)` in general form.
    Function {
        general: (Sym, Sym),
    },
}

/// One layer of a chain.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Layer {
    /// The outer function with a placeholder argument: `sin(u)`.
    pub outer: Sym,
    /// Its derivative with respect to the placeholder: `cos(u)`.
    pub outer_derivative: Sym,
    /// What the placeholder stands for, in the function's variables: `x²`.
    pub inner: Sym,
}

/// A step as the differentiator records it: the formulas as trees.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RawStep {
    pub rule: Rule,
    pub expr: Sym,
    pub derivative: Sym,
    pub detail: Detail,
    /// How deep in the derivation: 0 for the whole function, 1 for its parts, …
    pub depth: usize,
    /// Which differentiation (1 for the first, 2 for the second of a second derivative, …).
    pub round: usize,
    /// The variable differentiated by.
    pub var: usize,
}
