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

mod batch;
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
    /// common wrong rules produce them, most specific first, each function once (of two wrong
    /// rules that give the same derivative, the more specific is kept). Fails where
    /// [`Function::derive`] fails.
    pub fn mistakes(&self, vars: &[usize]) -> Result<Mistakes, NotDifferentiable> {
        let refusal = |r: Refusal| NotDifferentiable {
            expr: self.printer.ascii(&r.expr),
            reason: r.reason,
        };
        let nvars = vars
            .iter()
            .map(|v| v + 1)
            .fold(var_count(&self.root), usize::max);
        let probe = Probe::new(nvars, &self.params);
        let mut slips = Vec::new();
        let mut wrongs: Vec<Wrong> = Vec::new();
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
            if later.is_empty() {
                wrongs.extend(alts.into_iter().map(|a| Wrong {
                    sym: a.d,
                    slips: a.slips,
                }));
            } else {
                wrongs.extend(carry(alts, later, k + 2, &slips, &probe));
            }
        }
        let right = rights.last().cloned().unwrap_or_else(Sym::zero);
        let first = rights.get(1).cloned().unwrap_or_else(Sym::zero);
        let whole = whole(&self.root, vars, nvars, (&first, &right), &mut slips);
        wrongs.extend(whole.map_err(refusal)?);
        Ok(Mistakes {
            printer: self.printer.clone(),
            params: self.params.clone(),
            wrongs: in_order(wrongs, &slips, &probe),
            slips,
            right,
            rounds: vars.len(),
        })
    }
}

/// A slip in an earlier differentiation of a higher derivative, the later ones done right: at
/// most [`MAX_CARRIED`] single slips, each function once (the more specific slip kept), so that
/// no wrong derivative is differentiated twice.
fn carry(
    alts: Vec<Alt>,
    later: &[usize],
    round: usize,
    slips: &[Slip],
    probe: &Probe,
) -> Vec<Wrong> {
    let mut singles: Vec<Alt> = alts.into_iter().filter(|a| a.slips.len() == 1).collect();
    singles.sort_by_key(|a| term_slip(&a.slips, slips));
    let mut seen: Vec<Vec<f64>> = Vec::new();
    let mut out = Vec::new();
    for Alt { d, slips: ids } in singles {
        if out.len() >= MAX_CARRIED {
            break;
        }
        let values = probe.values(&d);
        if seen.iter().any(|v| probe.same(v, &values)) {
            continue;
        }
        seen.push(values);
        if let Some(sym) = differentiate_by(&d, later, round) {
            out.push(Wrong { sym, slips: ids });
        }
    }
    out
}

/// Whether the first of these slips is one in a sum's terms (a less specific explanation).
fn term_slip(ids: &[u32], slips: &[Slip]) -> bool {
    ids.first()
        .and_then(|&k| slips.get(k as usize))
        .is_some_and(|s| s.what.kind().is_term_slip())
}

/// The mistakes of the whole derivative rather than of one rule: (f′)² for f″ (f_x·f_y for the
/// mixed partial), and the other partial derivatives added to a first partial derivative.
/// `rights` are the right derivative by `vars[0]` and the right derivative asked.
fn whole(
    root: &Sym,
    vars: &[usize],
    nvars: usize,
    rights: (&Sym, &Sym),
    slips: &mut Vec<Slip>,
) -> Result<Vec<Wrong>, Refusal> {
    let (first, right) = rights;
    let mut out = Vec::new();
    let mut push = |what: What, sym: Sym, var: usize, round: usize| {
        slips.push(Slip {
            what,
            place: root.clone(),
            wrong: sym.clone(),
            right: right.clone(),
            parts: Vec::new(),
            var,
            round,
        });
        let id = (slips.len() - 1) as u32;
        out.push(Wrong {
            sym,
            slips: vec![id],
        });
    };
    if let [a, b] = vars {
        let fb = if a == b {
            first.clone()
        } else {
            Differentiator::new(*b, 1, false).d(root)?
        };
        push(What::SquaredFirst, Sym::Mul(vec![first.clone(), fb]), *b, 2);
    }
    if let [x] = vars {
        for y in (0..nvars).filter(|&y| y != *x && root.depends_on(y)) {
            let Ok(dy) = Differentiator::new(y, 1, false).d(root) else {
                continue;
            };
            let sym = Sym::Add(vec![right.clone(), dy]);
            push(What::OtherPartialAdded(y), sym, *x, 1);
        }
    }
    Ok(out)
}

/// The wrong derivatives most specific first, each function once. When two slips give the same
/// wrong derivative, the slip in a rule (product, quotient, chain, power, a basic derivative, a
/// variable held constant) is the better explanation than one in a sum's terms: those come
/// after, then two slips at once.
fn in_order(wrongs: Vec<Wrong>, slips: &[Slip], probe: &Probe) -> Vec<Wrong> {
    let (mut singles, doubles): (Vec<Wrong>, Vec<Wrong>) =
        wrongs.into_iter().partition(|w| w.slips.len() == 1);
    singles.sort_by_key(|w| term_slip(&w.slips, slips));
    let mut seen: Vec<Vec<f64>> = Vec::new();
    let mut out = Vec::new();
    for w in singles.into_iter().chain(doubles) {
        let values = probe.values(&w.sym);
        if !seen.iter().any(|v| probe.same(v, &values)) {
            seen.push(values);
            out.push(w);
        }
    }
    out
}

/// A few points at which wrong derivatives are told apart by value before anything else is
/// done with them (differentiated again, evaluated at the checker's points, simplified).
struct Probe {
    points: Vec<Vec<f64>>,
    params: Vec<f64>,
}

impl Probe {
    /// Values that are no special angle, integer or simple fraction, in (−1, 1) and out of it,
    /// different for each variable.
    const VALUES: [f64; 4] = [0.3071, -0.5813, 1.3679, 2.6543];

    fn new(nvars: usize, params: &[f64]) -> Probe {
        let n = Probe::VALUES.len();
        let points = (0..n)
            .map(|k| {
                (0..nvars.max(1))
                    .map(|v| Probe::VALUES[(k + v) % n])
                    .collect()
            })
            .collect();
        Probe {
            points,
            params: params.to_vec(),
        }
    }

    /// The values at the probes; undefined everywhere for a function of data columns (whose
    /// values the probes cannot know).
    fn values(&self, s: &Sym) -> Vec<f64> {
        if batch::uses_data(s) {
            return vec![f64::NAN; self.points.len()];
        }
        batch::values(s, &self.points, &self.params, &[])
    }

    /// The same function: equal at every probe (undefined at the same ones), and defined at two
    /// of them at least (aggregates over data, undefined here, are never merged).
    fn same(&self, a: &[f64], b: &[f64]) -> bool {
        let defined = a.iter().filter(|x| x.is_finite()).count();
        defined >= 2
            && a.iter().zip(b).all(|(x, y)| {
                (x.is_nan() && y.is_nan()) || (x - y).abs() <= 1e-10 * (1.0 + y.abs())
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
        // (a dropped term records its own derivative as both)
        if s.what != What::TermDropped && simplify(&s.wrong) == simplify(&s.right) {
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
        self.wrongs
            .iter()
            .map(|w| batch::values(&w.sym, points, &self.params, columns))
            .collect()
    }

    /// The values of the right derivative at `points`, as [`Mistakes::values_at`] gives the
    /// wrong ones: a wrong derivative equal to these changes nothing (a lost inner derivative
    /// that is 1), and must never be named.
    pub fn right_values_at(&self, points: &[Vec<f64>], columns: &[Vec<f64>]) -> Vec<f64> {
        batch::values(&self.right, points, &self.params, columns)
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
