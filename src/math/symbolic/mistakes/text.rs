//! The explanation of a slip: the rule, the place, the wrong application and the right one, in
//! one or two sentences, typeset as prompts are.

use super::{Slip, What};
use crate::math::functions::Func;
use crate::math::symbolic::differentiate::substitute;
use crate::math::symbolic::print::Printer;
use crate::math::symbolic::simplify::simplify;
use crate::math::symbolic::tree::Sym;

/// The formulas of a slip, typeset.
struct Words<'a> {
    printer: &'a Printer,
    slip: &'a Slip,
}

impl Words<'_> {
    fn pretty(&self, s: &Sym) -> String {
        self.printer.pretty(s)
    }

    /// Typeset, in brackets when it is a sum or carries a sign (to stand as a factor).
    fn factor(&self, s: &Sym) -> String {
        let p = self.pretty(s);
        if matches!(s, Sym::Add(_) | Sym::Neg(_) | Sym::Div(..))
            || p.starts_with('−')
            || p.contains(' ')
        {
            format!("({p})")
        } else {
            p
        }
    }

    /// `(u)′`.
    fn prime(&self, s: &Sym) -> String {
        format!("({})′", self.pretty(s))
    }

    fn part(&self, k: usize) -> Sym {
        self.slip.parts.get(k).cloned().unwrap_or_else(Sym::zero)
    }

    fn place(&self) -> String {
        self.pretty(&self.slip.place)
    }

    fn wrong(&self) -> String {
        self.pretty(&simplify(&self.slip.wrong))
    }

    fn right(&self) -> String {
        self.pretty(&self.slip.right)
    }

    fn x(&self) -> &str {
        self.printer.var_name(self.slip.var)
    }

    fn var(&self, i: usize) -> &str {
        self.printer.var_name(i)
    }

    fn hole(&self) -> &str {
        self.printer.hole_name(0)
    }
}

fn ordinal(n: usize) -> &'static str {
    match n {
        1 => "first",
        2 => "second",
        3 => "third",
        _ => "next",
    }
}

/// The sentences for one slip; `rounds` is how many differentiations the derivative takes.
pub(super) fn sentence(printer: &Printer, slip: &Slip, rounds: usize) -> String {
    let w = Words { printer, slip };
    let s = body(&w);
    if rounds > 1 && slip.what != What::SquaredFirst {
        let mut chars = s.chars();
        let rest: String = match chars.next() {
            Some(c) => c.to_lowercase().chain(chars).collect(),
            None => String::new(),
        };
        format!(
            "In the {} differentiation (by {}), {rest}",
            ordinal(slip.round),
            w.x()
        )
    } else {
        s
    }
}

/// The sentences for one slip, by its family.
fn body(w: &Words<'_>) -> String {
    match w.slip.what {
        What::ProductBoth
        | What::ProductFirstOnly
        | What::ProductSecondOnly
        | What::ProductMinus => product(w),
        What::QuotientPlus
        | What::QuotientNoSquare
        | What::QuotientRatio
        | What::QuotientSwapped
        | What::QuotientFirstOnly
        | What::QuotientSecondOnly => quotient(w),
        What::ChainInnerMissing | What::ChainOuterMissing | What::ChainOuterAtVariable => chain(w),
        What::PowerUp
        | What::PowerLowerFirst
        | What::PowerNoFactor
        | What::PowerOnExponential
        | What::PowerOnVariableExponent
        | What::ExpOnVariableExponent
        | What::ExpNoLn => power(w),
        What::Elementary(f) => elementary(w, f),
        What::TermDropped
        | What::TermSign
        | What::ConstantKept
        | What::HeldTermKept
        | What::HeldTermDifferentiated(_) => term(w),
        What::HeldDropped | What::HeldDifferentiated(_) | What::HeldProduct(_) => held(w),
        What::OtherPartialAdded(_) | What::SquaredFirst => whole(w),
    }
}

/// (uv)′ = u′v′, u′v alone, uv′ alone, u′v − uv′.
fn product(w: &Words<'_>) -> String {
    let (e, wrong, right) = (w.place(), w.wrong(), w.right());
    let (u, v) = (w.part(0), w.part(1));
    let (pu, pv) = (w.prime(&u), w.prime(&v));
    let (fu, fv) = (w.factor(&u), w.factor(&v));
    let rule = format!("{pu}·{fv} + {fu}·{pv}");
    let did = match w.slip.what {
        What::ProductBoth => format!("{pu}·{pv} = {wrong}"),
        What::ProductFirstOnly => format!("{pu}·{fv} = {wrong}, leaving out {fu}·{pv}"),
        What::ProductMinus => {
            format!("{pu}·{fv} − {fu}·{pv} = {wrong}, with the quotient rule's minus")
        }
        _ => format!("{fu}·{pv} = {wrong}, leaving out {pu}·{fv}"),
    };
    format!("You differentiated the product {e} as {did}. The product rule gives {rule} = {right}.")
}

/// The quotient rule's sign, its square, u′/v′, its terms swapped, one term left out.
fn quotient(w: &Words<'_>) -> String {
    let (e, wrong, right) = (w.place(), w.wrong(), w.right());
    let (u, v) = (w.part(0), w.part(1));
    let (pu, pv) = (w.prime(&u), w.prime(&v));
    let (fu, fv) = (w.factor(&u), w.factor(&v));
    let sq = format!("{fv}²");
    let rule = format!("({pu}·{fv} − {fu}·{pv})/{sq}");
    let did = match w.slip.what {
        What::QuotientPlus => {
            format!("({pu}·{fv} + {fu}·{pv})/{sq} = {wrong}, with a plus in the numerator")
        }
        What::QuotientNoSquare => {
            format!("({pu}·{fv} − {fu}·{pv})/{fv} = {wrong}, without squaring the denominator")
        }
        What::QuotientRatio => format!("{pu}/{pv} = {wrong}"),
        What::QuotientFirstOnly => {
            format!("{pu}·{fv}/{sq} = {wrong}, leaving out the term −{fu}·{pv} of the numerator")
        }
        What::QuotientSecondOnly => {
            format!("−{fu}·{pv}/{sq} = {wrong}, leaving out the term {pu}·{fv} of the numerator")
        }
        _ => format!(
            "({fu}·{pv} − {pu}·{fv})/{sq} = {wrong}, the two terms of the numerator swapped"
        ),
    };
    format!(
        "You differentiated the quotient {e} as {did}. The quotient rule gives {rule} = {right}."
    )
}

/// The inner derivative lost, the outer one lost, the outer one taken at the variable.
fn chain(w: &Words<'_>) -> String {
    let (e, wrong, right) = (w.place(), w.wrong(), w.right());
    let (outer, inner, outer_d) = (w.part(0), w.part(1), w.part(3));
    let u = w.hole();
    let at = w.pretty(&simplify(&substitute(&outer_d, 0, &inner)));
    let pi = w.prime(&inner);
    let rule = format!(
        "The chain rule ({} with {u} = {}) gives {}·{pi} = {right}.",
        w.pretty(&outer),
        w.pretty(&inner),
        w.factor(&simplify(&substitute(&outer_d, 0, &inner)))
    );
    let did = match w.slip.what {
        What::ChainInnerMissing => format!(
            "You differentiated {e} as {wrong}, without the inner derivative {pi} = {}.",
            w.pretty(&w.part(2))
        ),
        What::ChainOuterMissing => format!(
            "You differentiated {e} as {pi} = {wrong}, the inner derivative alone (the outer \
             derivative {at} is missing)."
        ),
        _ => format!(
            "You differentiated {e} as {wrong}, taking the outer derivative {} at {} instead \
             of at {u} = {}.",
            w.pretty(&outer_d),
            w.x(),
            w.pretty(&inner)
        ),
    };
    format!("{did} {rule}")
}

/// The power rule done wrong, or a power or exponential rule applied where it does not hold.
fn power(w: &Words<'_>) -> String {
    let (e, wrong, right) = (w.place(), w.wrong(), w.right());
    let prime = w.prime(&w.slip.place);
    match w.slip.what {
        What::PowerUp | What::PowerLowerFirst | What::PowerNoFactor => {
            let how = match w.slip.what {
                What::PowerUp => "raising the exponent (n·uⁿ⁺¹)",
                What::PowerLowerFirst => {
                    "lowering the exponent before bringing it down ((n − 1)·uⁿ)"
                }
                _ => "without bringing the exponent down as a factor (uⁿ⁻¹)",
            };
            format!(
                "You differentiated {e} as {wrong}, {how}. The power rule gives (uⁿ)′ = \
                 n·uⁿ⁻¹·u′, so {prime} = {right}."
            )
        }
        What::PowerOnExponential => format!(
            "You used the power rule on the exponential {e}: {wrong}. The exponent is not \
             constant, so the exponential rule applies ((aᵘ)′ = aᵘ·ln a·u′, and (eᵘ)′ = eᵘ·u′): \
             {prime} = {right}."
        ),
        What::ExpNoLn => format!(
            "You differentiated {e} as {wrong}, as if its base were e. The exponential rule \
             gives (aᵘ)′ = aᵘ·ln a·u′, so {prime} = {right}."
        ),
        _ => {
            let how = if w.slip.what == What::PowerOnVariableExponent {
                "the power rule, as if the exponent were constant"
            } else {
                "the exponential rule, as if the base were constant"
            };
            let (u, v) = (w.factor(&w.part(0)), w.factor(&w.part(1)));
            format!(
                "You differentiated {e} by {how}: {wrong}. With {} in both the base and the \
                 exponent, write it as e^({v}·ln {u}); the chain rule then gives {prime} = \
                 {right}.",
                w.x()
            )
        }
    }
}

/// A wrong basic derivative from the table, the chain factor kept.
fn elementary(w: &Words<'_>, f: Func) -> String {
    let (e, wrong, right) = (w.place(), w.wrong(), w.right());
    let (outer, outer_d, wrong_d) = (w.part(0), w.part(3), w.part(4));
    let u = w.hole();
    let wrong_d = simplify(&wrong_d);
    let (wd, rd) = if w.part(2).is_one() {
        (w.pretty(&wrong_d), w.pretty(&outer_d))
    } else {
        (
            format!("{}·{u}′", w.factor(&wrong_d)),
            format!("{}·{u}′", w.factor(&outer_d)),
        )
    };
    format!(
        "You used {} = {wd}: {e} became {wrong}. In fact {} = {rd}, so {} = {right}.{}",
        w.prime(&outer),
        w.prime(&outer),
        w.prime(&w.slip.place),
        elementary_hint(f)
    )
}

/// A slip in a sum's terms: one left out, its sign, a constant or a term held constant kept,
/// a term held constant differentiated by its own variable.
fn term(w: &Words<'_>) -> String {
    let (e, wrong, right) = (w.place(), w.wrong(), w.right());
    let x = w.x();
    match w.slip.what {
        What::TermDropped => format!(
            "Your derivative leaves out the term {e}. The sum rule differentiates every term: \
             {} = {right}.",
            w.prime(&w.slip.place)
        ),
        What::TermSign => format!(
            "The derivative of the term {e} has the wrong sign: you have {wrong}; the sum rule \
             gives {} = {right}.",
            w.prime(&w.slip.place)
        ),
        What::ConstantKept => format!(
            "You kept the constant term {e}. A constant's derivative is 0, so it drops out."
        ),
        What::HeldTermDifferentiated(y) => format!(
            "You differentiated the term {e} with respect to {}, adding {wrong}. It does not \
             depend on {x}: with {} held constant its derivative with respect to {x} is 0.",
            w.var(y),
            w.var(y)
        ),
        _ => format!(
            "You kept the term {e}, which does not depend on {x}. The other variables are \
             held constant, so its derivative with respect to {x} is 0."
        ),
    }
}

/// A factor held constant dropped as if it were 1, or differentiated too.
fn held(w: &Words<'_>) -> String {
    let (e, wrong, right) = (w.place(), w.wrong(), w.right());
    let x = w.x();
    let h = w.pretty(&w.part(0));
    let y = match w.slip.what {
        What::HeldDifferentiated(y) | What::HeldProduct(y) => y,
        _ => {
            return format!(
                "You dropped the factor {h}, which is held constant, as if it were 1: {wrong}. \
                 A constant factor stays: ∂/∂{x} ({e}) = {right}."
            )
        }
    };
    let how = if matches!(w.slip.what, What::HeldProduct(_)) {
        "by the product rule"
    } else {
        "factor by factor"
    };
    format!(
        "You differentiated the factor {h} too ({how}, as if {} varied): {wrong}. With {} held \
         constant, {h} is a constant factor and stays as it is: ∂/∂{x} ({e}) = {right}.",
        w.var(y),
        w.var(y)
    )
}

/// The mistakes of the whole derivative: another partial derivative added, (f′)².
fn whole(w: &Words<'_>) -> String {
    let (e, wrong, right) = (w.place(), w.wrong(), w.right());
    match w.slip.what {
        What::OtherPartialAdded(y) => format!(
            "You added the partial derivative of {e} with respect to {}: {wrong}. The partial \
             derivative with respect to {} holds {} constant: {right}.",
            w.var(y),
            w.x(),
            w.var(y)
        ),
        _ => format!(
            "You multiplied first derivatives of {e} ({wrong}) instead of differentiating \
             twice. The second derivative is the derivative of the first derivative: {right}."
        ),
    }
}

/// The sentences for a wrong basic derivative (or power rule) whose chain factor was left out
/// too, at the same place: one explanation, not two.
pub(super) fn without_chain_factor(printer: &Printer, slip: &Slip, rounds: usize) -> String {
    let w = Words { printer, slip };
    let (outer, inner, outer_d, wrong_d) = (w.part(0), w.part(1), w.part(3), w.part(4));
    let wrong_at = simplify(&substitute(&wrong_d, 0, &inner));
    let u = w.hole();
    let s = format!(
        "You differentiated {} as {}: you used {} = {} and left out the inner derivative {}. \
         The chain rule ({} with {u} = {}) gives {} = {}·{u}′ = {}.",
        w.place(),
        w.pretty(&wrong_at),
        w.prime(&outer),
        w.pretty(&simplify(&wrong_d)),
        w.prime(&inner),
        w.pretty(&outer),
        w.pretty(&inner),
        w.prime(&outer),
        w.factor(&outer_d),
        w.right()
    );
    if rounds > 1 {
        format!(
            "In the {} differentiation (by {}): {s}",
            ordinal(slip.round),
            w.x()
        )
    } else {
        s
    }
}

/// A short reminder of the right formula for the functions students most often get wrong.
fn elementary_hint(f: Func) -> &'static str {
    match f {
        Func::Sin | Func::Cos => " (d/dx sin x = cos x and d/dx cos x = −sin x.)",
        _ => "",
    }
}
