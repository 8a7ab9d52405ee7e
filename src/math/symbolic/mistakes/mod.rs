//! A library of mistakes: the wrong derivatives that common wrong rules produce, generated from
//! the derivation of a function, each tied to the subexpression where the wrong rule was
//! applied.
//!
//! CONTRACT:
//! - [`Function::mistakes`] walks the same derivation as [`Function::derive`] (same variables,
//!   same order) and returns [`Mistakes`]: every wrong derivative that one wrong rule
//!   application produces — at any subexpression, in any of the differentiations of a higher
//!   or mixed derivative — and some that two produce at once (one in each of two places). The
//!   families are listed in [`What`] and named by [`MistakeKind`], whose tags are the
//!   `diagnosis` tags of `grade --json`.
//! - Each wrong derivative evaluates like [`Derivation::eval`](super::Derivation::eval); its
//!   [`Explanation`] names the rule, the place, the wrong application and the right one,
//!   typeset ("You differentiated the product x·sin x as (x)′·(sin x)′ = cos x. The product
//!   rule gives (x)′·sin x + x·(sin x)′ = sin x + x·cos x.").
//! - Generation never simplifies the wrong derivatives (they are only evaluated); the text
//!   simplifies the few formulas it shows, when asked. A wrong derivative may coincide with the
//!   right one (u′v′ of x·e^x… never, but u′v′ of a product with a constant part can): the
//!   caller compares values and drops those, so a right answer is never called a mistake.
//! - [`matching`] is the pure comparison of an answer's values with the wrong derivatives'
//!   values; [`descent`] the wrong steps of gradient descent, from the step formula.
//!
//! Pipeline: `generate` (the walk, one differentiation) → this file (rounds of a higher
//! derivative, mistakes across rounds, the order of specificity) → `text` (explanations).

pub mod descent;
mod generate;
pub mod matching;
mod text;

use super::differentiate::{Differentiator, Refusal};
use super::print::Printer;
use super::simplify::simplify;
use super::tree::Sym;
use super::{Function, NotDifferentiable};
use crate::math::functions::Func;
use generate::{Alt, Generator};

/// The most wrong derivatives carried from one differentiation into the next (second and
/// mixed derivatives).
const MAX_CARRIED: usize = 48;

/// The family of a mistake, as `grade --json` names it in `diagnosis`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MistakeKind {
    /// The product rule done wrong: (uv)′ = u′v′, or one of its two terms only.
    ProductRule,
    /// The quotient rule done wrong: its sign, its square, u′/v′, its terms swapped.
    QuotientRule,
    /// The chain rule done wrong: the inner derivative lost (at any level), the outer one
    /// lost, or the outer one taken at the variable instead of the inner function.
    ChainRule,
    /// The power rule done wrong, or applied where it does not hold (2ˣ, e^(5x), xˣ).
    PowerRule,
    /// A basic derivative wrong: (cos)′ = sin, (aˣ)′ = aˣ, (√u)′ = 1/√u, …
    Elementary,
    /// One term's sign flipped.
    TermSign,
    /// One term's derivative left out.
    MissingTerm,
    /// A term added: another partial derivative, or a term held constant differentiated.
    ExtraTerm,
    /// A constant term kept instead of dropped.
    ConstantNotDropped,
    /// A factor held constant (another variable) dropped, or differentiated as if it varied.
    HeldConstant,
    /// (f′)² where f″ was asked.
    SquaredDerivative,
}

impl MistakeKind {
    /// The `diagnosis` tag (`product_rule`, `chain_rule`, …).
    pub fn tag(self) -> &'static str {
        match self {
            MistakeKind::ProductRule => "product_rule",
            MistakeKind::QuotientRule => "quotient_rule",
            MistakeKind::ChainRule => "chain_rule",
            MistakeKind::PowerRule => "power_rule",
            MistakeKind::Elementary => "elementary",
            MistakeKind::TermSign => "term_sign",
            MistakeKind::MissingTerm => "missing_term",
            MistakeKind::ExtraTerm => "extra_term",
            MistakeKind::ConstantNotDropped => "constant_not_dropped",
            MistakeKind::HeldConstant => "held_constant",
            // the derivative of another order, as today's `wrong_order`
            MistakeKind::SquaredDerivative => "wrong_order",
        }
    }

    /// A slip in a sum's terms rather than in a rule.
    fn is_term_slip(self) -> bool {
        matches!(
            self,
            MistakeKind::TermSign
                | MistakeKind::MissingTerm
                | MistakeKind::ExtraTerm
                | MistakeKind::ConstantNotDropped
        )
    }

    /// Every kind, in the order of the documentation.
    pub const ALL: [MistakeKind; 11] = [
        MistakeKind::ProductRule,
        MistakeKind::QuotientRule,
        MistakeKind::ChainRule,
        MistakeKind::PowerRule,
        MistakeKind::Elementary,
        MistakeKind::TermSign,
        MistakeKind::MissingTerm,
        MistakeKind::ExtraTerm,
        MistakeKind::ConstantNotDropped,
        MistakeKind::HeldConstant,
        MistakeKind::SquaredDerivative,
    ];
}

/// Which wrong rule, precisely (the sentence of the explanation depends on it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum What {
    /// (uv)′ = u′·v′
    ProductBoth,
    /// (uv)′ = u′·v
    ProductFirstOnly,
    /// (uv)′ = u·v′
    ProductSecondOnly,
    /// (uv)′ = u′·v − u·v′ (the quotient rule's sign)
    ProductMinus,
    /// (u/v)′ = (u′v + uv′)/v²
    QuotientPlus,
    /// (u/v)′ = (u′v − uv′)/v
    QuotientNoSquare,
    /// (u/v)′ = u′/v′
    QuotientRatio,
    /// (u/v)′ = (uv′ − u′v)/v²
    QuotientSwapped,
    /// (u/v)′ = u′v/v² (the second term of the numerator left out)
    QuotientFirstOnly,
    /// (u/v)′ = −uv′/v² (the first term of the numerator left out)
    QuotientSecondOnly,
    /// (f(g))′ = f′(g)
    ChainInnerMissing,
    /// (f(g))′ = g′
    ChainOuterMissing,
    /// (f(g))′ = f′(x)·g′
    ChainOuterAtVariable,
    /// (uⁿ)′ = n·uⁿ⁺¹
    PowerUp,
    /// (uⁿ)′ = (n − 1)·uⁿ
    PowerLowerFirst,
    /// (uⁿ)′ = uⁿ⁻¹
    PowerNoFactor,
    /// (aᵘ)′ = u·aᵘ⁻¹ (no chain factor)
    PowerOnExponential,
    /// (uᵛ)′ = v·uᵛ⁻¹·u′
    PowerOnVariableExponent,
    /// (uᵛ)′ = uᵛ·ln u·v′
    ExpOnVariableExponent,
    /// (aᵘ)′ = aᵘ·u′ (ln a forgotten)
    ExpNoLn,
    /// A wrong derivative of the function from the table.
    Elementary(Func),
    /// A term's derivative left out.
    TermDropped,
    /// A term's derivative with the wrong sign.
    TermSign,
    /// A constant term kept.
    ConstantKept,
    /// A term held constant (other variables only) kept.
    HeldTermKept,
    /// A term held constant differentiated by the variable it has.
    HeldTermDifferentiated(usize),
    /// A factor held constant dropped as if it were 1.
    HeldDropped,
    /// A factor held constant differentiated too, factor by factor.
    HeldDifferentiated(usize),
    /// A factor held constant differentiated too, by the product rule.
    HeldProduct(usize),
    /// The partial derivative by another variable added.
    OtherPartialAdded(usize),
    /// (f′)² for f″.
    SquaredFirst,
}

impl What {
    pub(crate) fn kind(self) -> MistakeKind {
        match self {
            What::ProductBoth
            | What::ProductFirstOnly
            | What::ProductSecondOnly
            | What::ProductMinus => MistakeKind::ProductRule,
            What::QuotientPlus
            | What::QuotientNoSquare
            | What::QuotientRatio
            | What::QuotientSwapped
            | What::QuotientFirstOnly
            | What::QuotientSecondOnly => MistakeKind::QuotientRule,
            What::ChainInnerMissing | What::ChainOuterMissing | What::ChainOuterAtVariable => {
                MistakeKind::ChainRule
            }
            What::PowerUp
            | What::PowerLowerFirst
            | What::PowerNoFactor
            | What::PowerOnExponential
            | What::PowerOnVariableExponent
            | What::ExpOnVariableExponent => MistakeKind::PowerRule,
            What::ExpNoLn | What::Elementary(_) => MistakeKind::Elementary,
            What::TermDropped => MistakeKind::MissingTerm,
            What::TermSign => MistakeKind::TermSign,
            What::ConstantKept | What::HeldTermKept => MistakeKind::ConstantNotDropped,
            What::HeldTermDifferentiated(_) | What::OtherPartialAdded(_) => MistakeKind::ExtraTerm,
            What::HeldDropped | What::HeldDifferentiated(_) | What::HeldProduct(_) => {
                MistakeKind::HeldConstant
            }
            What::SquaredFirst => MistakeKind::SquaredDerivative,
        }
    }

    /// The wrong rule in a few words (`validate`'s notes): "(uv)′ = u′·v′".
    pub(crate) fn summary(self) -> &'static str {
        match self {
            What::ProductBoth => "(uv)′ = u′·v′",
            What::ProductFirstOnly => "(uv)′ = u′·v",
            What::ProductSecondOnly => "(uv)′ = u·v′",
            What::ProductMinus => "(uv)′ = u′·v − u·v′",
            What::QuotientPlus => "(u/v)′ = (u′v + uv′)/v²",
            What::QuotientNoSquare => "(u/v)′ = (u′v − uv′)/v",
            What::QuotientRatio => "(u/v)′ = u′/v′",
            What::QuotientSwapped => "(u/v)′ = (uv′ − u′v)/v²",
            What::QuotientFirstOnly => "(u/v)′ = u′v/v²",
            What::QuotientSecondOnly => "(u/v)′ = −uv′/v²",
            What::ChainInnerMissing => "the inner derivative lost",
            What::ChainOuterMissing => "the outer derivative lost",
            What::ChainOuterAtVariable => "the outer derivative taken at the variable",
            What::PowerUp => "(uⁿ)′ = n·uⁿ⁺¹",
            What::PowerLowerFirst => "(uⁿ)′ = (n − 1)·uⁿ",
            What::PowerNoFactor => "(uⁿ)′ = uⁿ⁻¹",
            What::PowerOnExponential => "the power rule on an exponential",
            What::PowerOnVariableExponent => "the power rule on a variable exponent",
            What::ExpOnVariableExponent => "the exponential rule on a variable base",
            What::ExpNoLn => "(aᵘ)′ = aᵘ·u′ without ln a",
            What::Elementary(_) => "a wrong basic derivative",
            What::TermDropped => "a term's derivative left out",
            What::TermSign => "a term's sign flipped",
            What::ConstantKept => "a constant term kept",
            What::HeldTermKept => "a term held constant kept",
            What::HeldTermDifferentiated(_) => "a term held constant differentiated",
            What::HeldDropped => "a factor held constant dropped",
            What::HeldDifferentiated(_) | What::HeldProduct(_) => {
                "a factor held constant differentiated"
            }
            What::OtherPartialAdded(_) => "another partial derivative added",
            What::SquaredFirst => "first derivatives multiplied",
        }
    }

    /// Whether the wrong outer derivative stands for the whole chain (no chain factor).
    pub(crate) fn replaces_chain(self) -> bool {
        matches!(self, What::PowerOnExponential)
    }
}

/// One wrong rule application, as the generator records it.
#[derive(Clone, Debug)]
pub(crate) struct Slip {
    pub what: What,
    /// The subexpression the wrong rule was applied to.
    pub place: Sym,
    /// Its wrong derivative (not simplified).
    pub wrong: Sym,
    /// Its right derivative (simplified).
    pub right: Sym,
    /// What the explanation names besides: `[u, v, u′, v′]` for a product, a quotient and a
    /// variable exponent; `[outer, inner, inner′, outer′]` for the chain rule's slips, and
    /// the wrong outer derivative after them for a function's own rule (outer and derivatives
    /// written with placeholder 0); `[factor held constant, the rest]` for a held factor.
    pub parts: Vec<Sym>,
    /// The variable differentiated by, and which differentiation (1, 2, …).
    pub var: usize,
    pub round: usize,
}

/// A wrong derivative: its formula and the slips that produce it.
#[derive(Clone, Debug)]
struct Wrong {
    sym: Sym,
    slips: Vec<u32>,
}

/// The wrong derivatives of a function by a sequence of variables, most specific first.
#[derive(Clone, Debug)]
pub struct Mistakes {
    printer: Printer,
    params: Vec<f64>,
    slips: Vec<Slip>,
    wrongs: Vec<Wrong>,
    /// The right derivative (simplified), for the explanations.
    right: Sym,
    rounds: usize,
}

/// Why a wrong derivative is wrong, for the student: the rule, the place, the wrong application
/// and the right one.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The family of the first (or only) slip: the `diagnosis` tag.
    pub kind: MistakeKind,
    /// Every slip's family (two for two mistakes at once).
    pub kinds: Vec<MistakeKind>,
    /// Where the first slip was made (the subexpression, typeset).
    pub place: String,
    /// The whole wrong derivative, simplified and typeset.
    pub derivative: String,
    /// One or two sentences per slip, typeset.
    pub text: String,
}

impl Function {
    /// The wrong derivatives of this function by `vars` in order (indices in the scope), as
    /// common wrong rules produce them, most specific first. Fails where [`Function::derive`]
    /// fails.
    pub fn mistakes(&self, vars: &[usize]) -> Result<Mistakes, NotDifferentiable> {
        let refusal = |r: Refusal| NotDifferentiable {
            expr: self.printer.ascii(&r.expr),
            reason: r.reason,
        };
        let nvars = var_count(&self.root);
        let mut slips = Vec::new();
        let mut singles: Vec<Wrong> = Vec::new();
        let mut doubles: Vec<Wrong> = Vec::new();
        // the right derivative after each round
        let mut rights = vec![self.root.clone()];
        for (k, &v) in vars.iter().enumerate() {
            let mut d = Differentiator::new(v, k + 1, false);
            let next = d.d(&rights[k]).map_err(refusal)?;
            rights.push(next);
        }
        for (k, &v) in vars.iter().enumerate() {
            let mut g = Generator::new(v, k + 1, nvars, &mut slips);
            let (_, alts) = g.walk(&rights[k]).map_err(refusal)?;
            let later = &vars[k + 1..];
            let mut carried = 0;
            for Alt { d, slips: ids } in alts {
                let sym = if later.is_empty() {
                    d
                } else {
                    // a slip in this differentiation, the later ones done right
                    if carried >= MAX_CARRIED || ids.len() > 1 {
                        continue;
                    }
                    carried += 1;
                    match differentiate_by(&d, later, k + 2) {
                        Some(s) => s,
                        None => continue,
                    }
                };
                let w = Wrong { sym, slips: ids };
                if w.slips.len() == 1 {
                    singles.push(w);
                } else {
                    doubles.push(w);
                }
            }
        }
        let right = rights.last().cloned().unwrap_or_else(Sym::zero);
        let root = &self.root;
        if let [a, b] = vars {
            // (f′)² for f″ (f_x·f_y for the mixed partial)
            let fa = Differentiator::new(*a, 1, false).d(root).map_err(refusal)?;
            let fb = Differentiator::new(*b, 1, false).d(root).map_err(refusal)?;
            let sym = Sym::Mul(vec![fa, fb]);
            slips.push(Slip {
                what: What::SquaredFirst,
                place: root.clone(),
                wrong: sym.clone(),
                right: right.clone(),
                parts: Vec::new(),
                var: *b,
                round: 2,
            });
            singles.push(Wrong {
                sym,
                slips: vec![(slips.len() - 1) as u32],
            });
        }
        if let [x] = vars {
            // the other partial derivatives added: ∂f/∂x + ∂f/∂y
            for y in (0..nvars).filter(|&y| y != *x && root.depends_on(y)) {
                let Ok(dy) = Differentiator::new(y, 1, false).d(root) else {
                    continue;
                };
                let sym = Sym::Add(vec![right.clone(), dy]);
                slips.push(Slip {
                    what: What::OtherPartialAdded(y),
                    place: root.clone(),
                    wrong: sym.clone(),
                    right: right.clone(),
                    parts: Vec::new(),
                    var: *x,
                    round: 1,
                });
                singles.push(Wrong {
                    sym,
                    slips: vec![(slips.len() - 1) as u32],
                });
            }
        }
        // When two slips give the same wrong derivative, the slip in a rule (product, quotient,
        // chain, power, a basic derivative, a variable held constant) is the better explanation
        // than one in a sum's terms: those come after, then two slips at once.
        singles.sort_by_key(|w| {
            w.slips
                .first()
                .and_then(|&k| slips.get(k as usize))
                .is_some_and(|s| s.what.kind().is_term_slip())
        });
        singles.append(&mut doubles);
        Ok(Mistakes {
            printer: self.printer.clone(),
            params: self.params.clone(),
            slips,
            wrongs: singles,
            right,
            rounds: vars.len(),
        })
    }
}

/// One more than the highest variable index in `s` (the variables a held-constant mistake
/// may involve).
fn var_count(s: &Sym) -> usize {
    fn walk(s: &Sym, n: &mut usize) {
        match s {
            Sym::Var(i) => *n = (*n).max(i + 1),
            Sym::Num(_) | Sym::Param(_) | Sym::Column(_) | Sym::Pi | Sym::E | Sym::Hole(_) => {}
            Sym::Neg(a) | Sym::Agg(_, a) => walk(a, n),
            Sym::Add(t) | Sym::Mul(t) | Sym::Call(_, t) => t.iter().for_each(|t| walk(t, n)),
            Sym::Div(a, b) | Sym::Pow(a, b) => {
                walk(a, n);
                walk(b, n);
            }
        }
    }
    let mut n = 0;
    walk(s, &mut n);
    n
}

/// `s` differentiated rightly by `vars` (rounds numbered from `round`).
fn differentiate_by(s: &Sym, vars: &[usize], round: usize) -> Option<Sym> {
    let mut current = simplify(s);
    for (k, &v) in vars.iter().enumerate() {
        current = Differentiator::new(v, round + k, false).d(&current).ok()?;
    }
    Some(current)
}

impl Mistakes {
    /// How many wrong derivatives there are.
    pub fn len(&self) -> usize {
        self.wrongs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.wrongs.is_empty()
    }

    /// The family of wrong derivative `i` (of its first slip).
    pub fn kind(&self, i: usize) -> Option<MistakeKind> {
        let w = self.wrongs.get(i)?;
        let s = self.slips.get(*w.slips.first()? as usize)?;
        Some(s.what.kind())
    }

    /// Wrong derivative `i` in a few words, for an instructor: its family, the wrong rule and
    /// where it was applied. `None` for two mistakes at once, and for a slip that changes
    /// nothing where it is made (the inner derivative of (y − x²)² by y, 1, lost).
    pub fn summary(&self, i: usize) -> Option<(MistakeKind, String)> {
        let w = self.wrongs.get(i)?;
        let [k] = w.slips.as_slice() else {
            return None;
        };
        let s = self.slips.get(*k as usize)?;
        if simplify(&s.wrong) == simplify(&s.right) {
            return None;
        }
        let place = self.printer.pretty(&s.place);
        Some((s.what.kind(), format!("{} at {place}", s.what.summary())))
    }

    /// How many slips wrong derivative `i` has (1, or 2 for two mistakes at once).
    pub fn slip_count(&self, i: usize) -> usize {
        self.wrongs.get(i).map_or(0, |w| w.slips.len())
    }

    /// The value of wrong derivative `i` at `vars` (the scope's variables in order); NaN where
    /// it is undefined or needs data.
    pub fn eval(&self, i: usize, vars: &[f64]) -> f64 {
        self.eval_data(i, vars, &[])
    }

    /// The same with data columns (`columns[j]` the scope's `j`-th column).
    pub fn eval_data(&self, i: usize, vars: &[f64], columns: &[Vec<f64>]) -> f64 {
        self.wrongs
            .get(i)
            .map_or(f64::NAN, |w| w.sym.eval(vars, &self.params, columns))
    }

    /// Wrong derivative `i`, simplified, in ASCII that the answer language reads back.
    pub fn ascii(&self, i: usize) -> Option<String> {
        let w = self.wrongs.get(i)?;
        Some(self.printer.ascii(&simplify(&w.sym)))
    }

    /// The values of every wrong derivative at `points`: `table[i][j]` is wrong derivative `i`
    /// at point `j`.
    pub fn values_at(&self, points: &[Vec<f64>], columns: &[Vec<f64>]) -> Vec<Vec<f64>> {
        (0..self.len())
            .map(|i| {
                points
                    .iter()
                    .map(|p| self.eval_data(i, p, columns))
                    .collect()
            })
            .collect()
    }

    /// Why wrong derivative `i` is wrong.
    pub fn explain(&self, i: usize) -> Option<Explanation> {
        let w = self.wrongs.get(i)?;
        let slips: Vec<&Slip> = w
            .slips
            .iter()
            .filter_map(|&k| self.slips.get(k as usize))
            .collect();
        let first = slips.first()?;
        let sentences: Vec<String> = match slips.as_slice() {
            // a wrong outer derivative and the chain factor lost, at one place: one story
            [a, b] if b.what == What::ChainInnerMissing && a.place == b.place => {
                vec![text::without_chain_factor(&self.printer, a, self.rounds)]
            }
            _ => slips
                .iter()
                .map(|s| text::sentence(&self.printer, s, self.rounds))
                .collect(),
        };
        Some(Explanation {
            kind: first.what.kind(),
            kinds: slips.iter().map(|s| s.what.kind()).collect(),
            place: self.printer.pretty(&first.place),
            derivative: self.printer.pretty(&simplify(&w.sym)),
            text: sentences.join(" "),
        })
    }

    /// The right derivative, typeset (for the explanations' context).
    pub fn right_pretty(&self) -> String {
        self.printer.pretty(&self.right)
    }
}
