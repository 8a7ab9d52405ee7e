//! The generator: the derivation walked again, rule by rule as the differentiator applies them,
//! and at every rule application the wrong rules a student commonly uses instead.
//!
//! The walk returns, for each subexpression, its right derivative (simplified, exactly as the
//! differentiator builds it) and its wrong derivatives: the wrong rules applied at this
//! subexpression (its parts differentiated rightly), and the wrong derivatives of its parts
//! carried up through the right rule. Each wrong derivative remembers the slip (or the two
//! slips) that produced it. Wrong derivatives are built with the raw constructors, never
//! simplified: they are only evaluated; the text simplifies the few it shows.

use super::{Slip, What};
use crate::math::functions::{Aggregate, Func};
use crate::math::symbolic::differentiate::{layer, substitute, Refusal};
use crate::math::symbolic::simplify::{add, call, div, mul, neg, pow, simplify};
use crate::math::symbolic::steps::Layer;
use crate::math::symbolic::tree::Sym;

/// The most slip pairs ("two mistakes at once") formed at one rule application.
const MAX_PAIRS: usize = 24;

/// A wrong derivative of a subexpression and the slips that produced it.
#[derive(Clone, Debug)]
pub(crate) struct Alt {
    pub d: Sym,
    /// Indices into the generator's slips: one, or two for two mistakes at once.
    pub slips: Vec<u32>,
}

/// Walks a derivation by one variable, recording slips.
pub(crate) struct Generator<'a> {
    var: usize,
    round: usize,
    /// Every variable of the scope (for held-constant mistakes).
    nvars: usize,
    pub(crate) slips: &'a mut Vec<Slip>,
}

fn raw_mul(v: Vec<Sym>) -> Sym {
    Sym::Mul(v)
}

fn raw_sq(s: Sym) -> Sym {
    Sym::pow(s, Sym::num(2))
}

fn product_of(mut v: Vec<Sym>) -> Sym {
    match v.len() {
        0 => Sym::one(),
        1 => v.pop().unwrap_or_else(Sym::one),
        _ => Sym::Mul(v),
    }
}

impl<'a> Generator<'a> {
    pub(crate) fn new(var: usize, round: usize, nvars: usize, slips: &'a mut Vec<Slip>) -> Self {
        Generator {
            var,
            round,
            nvars,
            slips,
        }
    }

    /// Records a slip: `place` differentiated as `wrong` where the rule gives `right`; `parts`
    /// are what the explanation names (see [`Slip::parts`]).
    fn slip(&mut self, what: What, place: &Sym, wrong: Sym, right: &Sym, parts: &[Sym]) -> u32 {
        self.slips.push(Slip {
            what,
            place: place.clone(),
            wrong,
            right: right.clone(),
            parts: parts.to_vec(),
            var: self.var,
            round: self.round,
        });
        (self.slips.len() - 1) as u32
    }

    /// Records a slip and its wrong derivative of the subexpression.
    fn push(
        &mut self,
        alts: &mut Vec<Alt>,
        what: What,
        at: (&Sym, &[Sym]),
        wrong: Sym,
        right: &Sym,
    ) {
        let k = self.slip(what, at.0, wrong.clone(), right, at.1);
        alts.push(Alt {
            d: wrong,
            slips: vec![k],
        });
    }

    /// The right derivative of `e` and its wrong derivatives.
    pub(crate) fn walk(&mut self, e: &Sym) -> Result<(Sym, Vec<Alt>), Refusal> {
        let x = self.var;
        if !e.depends_on(x) {
            return Ok((Sym::zero(), Vec::new()));
        }
        match e {
            Sym::Var(_) => Ok((Sym::one(), Vec::new())),
            Sym::Neg(a) if matches!(&**a, Sym::Mul(fs) if fs.iter().any(|f| !f.depends_on(x))) => {
                let fs = match &**a {
                    Sym::Mul(fs) => fs.as_slice(),
                    _ => &[],
                };
                let (constants, varying): (Vec<Sym>, Vec<Sym>) =
                    fs.iter().cloned().partition(|f| !f.depends_on(x));
                let rest = product_of(varying);
                self.constant_multiple(e, constants, true, &rest)
            }
            Sym::Neg(a) => {
                let (da, alts) = self.walk(a)?;
                let alts = alts
                    .into_iter()
                    .map(|t| Alt {
                        d: Sym::neg(t.d),
                        slips: t.slips,
                    })
                    .collect();
                Ok((neg(da), alts))
            }
            Sym::Add(terms) => self.sum(terms),
            Sym::Mul(factors) => {
                let (constants, varying): (Vec<Sym>, Vec<Sym>) =
                    factors.iter().cloned().partition(|f| !f.depends_on(x));
                if !constants.is_empty() {
                    let rest = product_of(varying);
                    return self.constant_multiple(e, constants, false, &rest);
                }
                match varying.as_slice() {
                    [] => Ok((Sym::zero(), Vec::new())),
                    [only] => self.walk(only),
                    [first, others @ ..] => {
                        let v = product_of(others.to_vec());
                        self.product(e, first, &v)
                    }
                }
            }
            Sym::Div(a, b) if !b.depends_on(x) => self.constant_divisor(e, a, b),
            Sym::Div(a, b) => self.quotient(e, a, b),
            Sym::Pow(a, b) if a.depends_on(x) && b.depends_on(x) => self.variable_exponent(e, a, b),
            Sym::Call(Func::Relu | Func::Min | Func::Max, _) | Sym::Agg(Aggregate::Prod, _) => {
                Err(Refusal {
                    expr: e.clone(),
                    reason: "no derivative formula".to_string(),
                })
            }
            Sym::Agg(a, body) => {
                let (db, alts) = self.walk(body)?;
                let alts = alts
                    .into_iter()
                    .map(|t| Alt {
                        d: Sym::Agg(*a, Box::new(t.d)),
                        slips: t.slips,
                    })
                    .collect();
                Ok((Sym::Agg(*a, Box::new(db)), alts))
            }
            Sym::Pow(..) | Sym::Call(..) => self.composite(e),
            Sym::Num(_) | Sym::Param(_) | Sym::Column(_) | Sym::Pi | Sym::E | Sym::Hole(_) => {
                Ok((Sym::zero(), Vec::new()))
            }
        }
    }

    /// A sum: term by term; a term dropped, a term's sign flipped, a constant term kept, a term
    /// held constant differentiated in its own variable.
    fn sum(&mut self, terms: &[Sym]) -> Result<(Sym, Vec<Alt>), Refusal> {
        let mut ds = Vec::with_capacity(terms.len());
        let mut child = Vec::with_capacity(terms.len());
        for t in terms {
            let (d, alts) = self.walk(t)?;
            ds.push(d);
            child.push(alts);
        }
        let right = add(ds.clone());
        let mut alts = Vec::new();
        for (i, c) in child.iter().enumerate() {
            for t in c {
                alts.push(Alt {
                    d: replaced(&ds, i, t.d.clone()),
                    slips: t.slips.clone(),
                });
            }
        }
        let several = ds.iter().filter(|d| !d.is_zero()).count() > 1;
        for (i, t) in terms.iter().enumerate() {
            if !ds[i].is_zero() {
                self.varying_term(&mut alts, (i, t), &ds, several);
            } else if self.others(t).is_empty() {
                self.constant_term(&mut alts, (i, t), &ds, &right);
            } else {
                self.held_term(&mut alts, (i, t), &ds);
            }
        }
        term_pairs(&mut alts, &ds, &child);
        Ok((right, alts))
    }

    /// Term `i` of a sum, which varies: left out (when another term varies too), its sign
    /// flipped.
    fn varying_term(
        &mut self,
        alts: &mut Vec<Alt>,
        (i, t): (usize, &Sym),
        ds: &[Sym],
        several: bool,
    ) {
        if several {
            let mut v = ds.to_vec();
            v.remove(i);
            let k = self.slip(What::TermDropped, t, ds[i].clone(), &ds[i], &[]);
            alts.push(Alt {
                d: Sym::Add(v),
                slips: vec![k],
            });
        }
        let k = self.slip(What::TermSign, t, Sym::neg(ds[i].clone()), &ds[i], &[]);
        alts.push(Alt {
            d: replaced(ds, i, Sym::neg(ds[i].clone())),
            slips: vec![k],
        });
    }

    /// Term `i` of a sum, a constant: kept, unless keeping it cancels the sum's derivative
    /// ((1 − x)′ taken as 1 − 1): that reads as a dropped term, which the caller names.
    fn constant_term(
        &mut self,
        alts: &mut Vec<Alt>,
        (i, t): (usize, &Sym),
        ds: &[Sym],
        right: &Sym,
    ) {
        if add(vec![right.clone(), t.clone()]).is_zero() {
            return;
        }
        let k = self.slip(What::ConstantKept, t, t.clone(), &Sym::zero(), &[]);
        alts.push(Alt {
            d: replaced(ds, i, t.clone()),
            slips: vec![k],
        });
    }

    /// Term `i` of a sum, held constant (it depends on other variables only): kept, or
    /// differentiated by each of its variables.
    fn held_term(&mut self, alts: &mut Vec<Alt>, (i, t): (usize, &Sym), ds: &[Sym]) {
        let k = self.slip(What::HeldTermKept, t, t.clone(), &Sym::zero(), &[]);
        alts.push(Alt {
            d: replaced(ds, i, t.clone()),
            slips: vec![k],
        });
        for y in self.others(t) {
            let Ok(dy) = self.right_by(t, y) else {
                continue;
            };
            if dy.is_zero() {
                continue;
            }
            let what = What::HeldTermDifferentiated(y);
            let k = self.slip(what, t, dy.clone(), &Sym::zero(), &[]);
            alts.push(Alt {
                d: replaced(ds, i, dy),
                slips: vec![k],
            });
        }
    }

    /// The other variables a subexpression depends on.
    fn others(&self, e: &Sym) -> Vec<usize> {
        (0..self.nvars)
            .filter(|&y| y != self.var && e.depends_on(y))
            .collect()
    }

    /// The right derivative of `e` by variable `y` (no slips).
    fn right_by(&mut self, e: &Sym, y: usize) -> Result<Sym, Refusal> {
        let mut d = crate::math::symbolic::differentiate::Differentiator::new(y, 0, false);
        d.d(e)
    }

    /// `c·u` (or `−c·u` when `negated`) with `c` not depending on the variable.
    fn constant_multiple(
        &mut self,
        e: &Sym,
        constants: Vec<Sym>,
        negated: bool,
        rest: &Sym,
    ) -> Result<(Sym, Vec<Alt>), Refusal> {
        let mut constant = product_of(constants.clone());
        if negated {
            constant = Sym::neg(constant);
        }
        let (dr, child) = self.walk(rest)?;
        let c = simplify(&constant);
        let right = mul(vec![c.clone(), dr.clone()]);
        let mut alts: Vec<Alt> = child
            .into_iter()
            .map(|t| Alt {
                d: raw_mul(vec![c.clone(), t.d]),
                slips: t.slips,
            })
            .collect();
        // held: the factors with another variable (data columns and named constants are
        // constants of the exercise, not variables held constant)
        let others = |f: &Sym| (0..self.nvars).any(|y| y != self.var && f.depends_on(y));
        let (held, pure): (Vec<Sym>, Vec<Sym>) = constants.into_iter().partition(others);
        if !held.is_empty() && !dr.is_zero() {
            let mut pure = product_of(pure);
            if negated {
                pure = Sym::neg(pure);
            }
            let h = product_of(held);
            let parts = [h.clone(), rest.clone()];
            // dropped as if it were 1: x²·sin y → 2x
            let wrong = raw_mul(vec![pure.clone(), dr.clone()]);
            self.push(&mut alts, What::HeldDropped, (e, &parts), wrong, &right);
            for y in self.others(&h) {
                let Ok(dh) = self.right_by(&h, y) else {
                    continue;
                };
                // differentiated too, factor by factor: x²·sin y → 2x·cos y
                let wrong = raw_mul(vec![pure.clone(), dh.clone(), dr.clone()]);
                self.push(
                    &mut alts,
                    What::HeldDifferentiated(y),
                    (e, &parts),
                    wrong,
                    &right,
                );
                // differentiated too, by the product rule: 2x·sin y + x²·cos y
                let wrong = raw_mul(vec![
                    pure.clone(),
                    Sym::Add(vec![
                        raw_mul(vec![dh, rest.clone()]),
                        raw_mul(vec![h.clone(), dr.clone()]),
                    ]),
                ]);
                self.push(&mut alts, What::HeldProduct(y), (e, &parts), wrong, &right);
            }
        }
        Ok((right, alts))
    }

    /// `u/c` with `c` not depending on the variable.
    fn constant_divisor(&mut self, e: &Sym, a: &Sym, b: &Sym) -> Result<(Sym, Vec<Alt>), Refusal> {
        let (da, child) = self.walk(a)?;
        let bs = simplify(b);
        let right = div(da.clone(), bs.clone());
        let mut alts: Vec<Alt> = child
            .into_iter()
            .map(|t| Alt {
                d: Sym::div(t.d, bs.clone()),
                slips: t.slips,
            })
            .collect();
        if !self.others(b).is_empty() && !da.is_zero() {
            self.push(
                &mut alts,
                What::HeldDropped,
                (e, &[b.clone(), a.clone()]),
                da,
                &right,
            );
        }
        Ok((right, alts))
    }

    /// `u·v`: the product rule; `u′v′`, `u′v` alone, `uv′` alone.
    fn product(&mut self, e: &Sym, u: &Sym, v: &Sym) -> Result<(Sym, Vec<Alt>), Refusal> {
        let (du, cu) = self.walk(u)?;
        let (dv, cv) = self.walk(v)?;
        let (us, vs) = (simplify(u), simplify(v));
        let right = add(vec![
            mul(vec![du.clone(), vs.clone()]),
            mul(vec![us.clone(), dv.clone()]),
        ]);
        let with = |a: Sym, b: Sym| {
            Sym::Add(vec![
                raw_mul(vec![a, vs.clone()]),
                raw_mul(vec![us.clone(), b]),
            ])
        };
        let mut alts = Vec::new();
        for t in &cu {
            alts.push(Alt {
                d: with(t.d.clone(), dv.clone()),
                slips: t.slips.clone(),
            });
        }
        for t in &cv {
            alts.push(Alt {
                d: with(du.clone(), t.d.clone()),
                slips: t.slips.clone(),
            });
        }
        let parts = [us.clone(), vs.clone(), du.clone(), dv.clone()];
        let both = raw_mul(vec![du.clone(), dv.clone()]);
        self.push(&mut alts, What::ProductBoth, (e, &parts), both, &right);
        let first = raw_mul(vec![du.clone(), vs.clone()]);
        self.push(
            &mut alts,
            What::ProductFirstOnly,
            (e, &parts),
            first,
            &right,
        );
        let second = raw_mul(vec![us.clone(), dv.clone()]);
        self.push(
            &mut alts,
            What::ProductSecondOnly,
            (e, &parts),
            second,
            &right,
        );
        let minus = Sym::Add(vec![
            raw_mul(vec![du.clone(), vs.clone()]),
            Sym::neg(raw_mul(vec![us.clone(), dv.clone()])),
        ]);
        self.push(&mut alts, What::ProductMinus, (e, &parts), minus, &right);
        pairs(&mut alts, &cu, &cv, |a, b| with(a.clone(), b.clone()));
        Ok((right, alts))
    }

    /// `u/v`: the quotient rule; its sign, its square, `u′/v′`, its terms swapped.
    fn quotient(&mut self, e: &Sym, a: &Sym, b: &Sym) -> Result<(Sym, Vec<Alt>), Refusal> {
        let (du, cu) = self.walk(a)?;
        let (dv, cv) = self.walk(b)?;
        let (u, v) = (simplify(a), simplify(b));
        let top = add(vec![
            mul(vec![du.clone(), v.clone()]),
            neg(mul(vec![u.clone(), dv.clone()])),
        ]);
        let right = div(top, pow(v.clone(), Sym::num(2)));
        let rule = |a: Sym, b: Sym| {
            Sym::div(
                Sym::Add(vec![
                    raw_mul(vec![a, v.clone()]),
                    Sym::neg(raw_mul(vec![u.clone(), b])),
                ]),
                raw_sq(v.clone()),
            )
        };
        let mut alts = Vec::new();
        for t in &cu {
            alts.push(Alt {
                d: rule(t.d.clone(), dv.clone()),
                slips: t.slips.clone(),
            });
        }
        for t in &cv {
            alts.push(Alt {
                d: rule(du.clone(), t.d.clone()),
                slips: t.slips.clone(),
            });
        }
        let parts = [u.clone(), v.clone(), du.clone(), dv.clone()];
        let dup = raw_mul(vec![du.clone(), v.clone()]);
        let udv = raw_mul(vec![u.clone(), dv.clone()]);
        let plus = Sym::div(Sym::Add(vec![dup.clone(), udv.clone()]), raw_sq(v.clone()));
        self.push(&mut alts, What::QuotientPlus, (e, &parts), plus, &right);
        let no_square = Sym::div(
            Sym::Add(vec![dup.clone(), Sym::neg(udv.clone())]),
            v.clone(),
        );
        self.push(
            &mut alts,
            What::QuotientNoSquare,
            (e, &parts),
            no_square,
            &right,
        );
        if !dv.is_zero() {
            let ratio = Sym::div(du.clone(), dv.clone());
            self.push(&mut alts, What::QuotientRatio, (e, &parts), ratio, &right);
        }
        if !dv.is_zero() && !du.is_zero() {
            let first = Sym::div(dup.clone(), raw_sq(v.clone()));
            self.push(
                &mut alts,
                What::QuotientFirstOnly,
                (e, &parts),
                first,
                &right,
            );
            let second = Sym::neg(Sym::div(udv.clone(), raw_sq(v.clone())));
            self.push(
                &mut alts,
                What::QuotientSecondOnly,
                (e, &parts),
                second,
                &right,
            );
        }
        let swapped = Sym::div(Sym::Add(vec![udv, Sym::neg(dup)]), raw_sq(v.clone()));
        self.push(
            &mut alts,
            What::QuotientSwapped,
            (e, &parts),
            swapped,
            &right,
        );
        pairs(&mut alts, &cu, &cv, |a, b| rule(a.clone(), b.clone()));
        Ok((right, alts))
    }

    /// `u^v` with the variable in both: the power rule alone, or the exponential rule alone.
    fn variable_exponent(&mut self, e: &Sym, a: &Sym, b: &Sym) -> Result<(Sym, Vec<Alt>), Refusal> {
        let (da, ca) = self.walk(a)?;
        let (db, cb) = self.walk(b)?;
        let (u, v) = (simplify(a), simplify(b));
        let rule = |da: Sym, db: Sym| {
            raw_mul(vec![
                Sym::pow(u.clone(), v.clone()),
                Sym::Add(vec![
                    raw_mul(vec![db, Sym::call(Func::Ln, u.clone())]),
                    Sym::div(raw_mul(vec![v.clone(), da]), u.clone()),
                ]),
            ])
        };
        let inner = add(vec![
            mul(vec![db.clone(), call(Func::Ln, vec![u.clone()])]),
            div(mul(vec![v.clone(), da.clone()]), u.clone()),
        ]);
        let right = mul(vec![pow(u.clone(), v.clone()), inner]);
        let mut alts = Vec::new();
        for t in &ca {
            alts.push(Alt {
                d: rule(t.d.clone(), db.clone()),
                slips: t.slips.clone(),
            });
        }
        for t in &cb {
            alts.push(Alt {
                d: rule(da.clone(), t.d.clone()),
                slips: t.slips.clone(),
            });
        }
        let parts = [u.clone(), v.clone(), da.clone(), db.clone()];
        // the power rule, as if the exponent were constant: x^x → x·x^(x−1)
        let power = raw_mul(vec![
            v.clone(),
            Sym::pow(u.clone(), Sym::Add(vec![v.clone(), Sym::num(-1)])),
            da.clone(),
        ]);
        self.push(
            &mut alts,
            What::PowerOnVariableExponent,
            (e, &parts),
            power,
            &right,
        );
        // the exponential rule, as if the base were constant: x^x → x^x·ln x
        let exp = raw_mul(vec![
            Sym::pow(u.clone(), v.clone()),
            Sym::call(Func::Ln, u.clone()),
            db.clone(),
        ]);
        self.push(
            &mut alts,
            What::ExpOnVariableExponent,
            (e, &parts),
            exp,
            &right,
        );
        Ok((right, alts))
    }

    /// A function of one argument, or a power with a constant exponent or base: the
    /// function's own rule (wrong basic derivatives, the power rule's slips) and, when its
    /// argument is not the variable itself, the chain rule's slips.
    fn composite(&mut self, e: &Sym) -> Result<(Sym, Vec<Alt>), Refusal> {
        let Some(first) = layer(e, 0, self.var) else {
            return Err(Refusal {
                expr: e.clone(),
                reason: "no derivative rule applies".to_string(),
            });
        };
        let x = Sym::Var(self.var);
        let at = simplify(&substitute(&first.outer_derivative, 0, &first.inner));
        if first.inner == x {
            let mut alts = Vec::new();
            for (what, w) in wrong_outer(&first.outer) {
                let parts = outer_parts(&first, &Sym::one(), &w);
                let wrong = substitute(&w, 0, &x);
                self.push(&mut alts, what, (e, &parts), wrong, &at);
            }
            return Ok((at, alts));
        }
        let (di, child) = self.walk(&first.inner)?;
        let right = mul(vec![at.clone(), di.clone()]);
        let mut alts: Vec<Alt> = child
            .into_iter()
            .map(|t| Alt {
                d: raw_mul(vec![at.clone(), t.d]),
                slips: t.slips,
            })
            .collect();
        if !di.is_zero() {
            self.chain_slips(&mut alts, e, (&first, &at, &di), &right);
        }
        self.wrong_outers_chained(&mut alts, e, (&first, &di), &right);
        Ok((right, alts))
    }

    /// The chain rule's slips at `e` (outer function, its derivative at the inner one `at`,
    /// the inner derivative `di`): the inner derivative lost, the outer one lost, the outer one
    /// taken at the variable.
    fn chain_slips(
        &mut self,
        alts: &mut Vec<Alt>,
        e: &Sym,
        (first, at, di): (&Layer, &Sym, &Sym),
        right: &Sym,
    ) {
        let chain = chain_parts(first, di);
        self.push(
            alts,
            What::ChainInnerMissing,
            (e, &chain),
            at.clone(),
            right,
        );
        // the inner derivative alone; not for a linear inner function, whose derivative is
        // a constant that explains nothing (|x − 0.3| → 1 is right on part of the domain)
        if !at.is_one() && !di.is_constant() {
            self.push(
                alts,
                What::ChainOuterMissing,
                (e, &chain),
                di.clone(),
                right,
            );
        }
        let at_x = substitute(&first.outer_derivative, 0, &Sym::Var(self.var));
        let wrong = raw_mul(vec![at_x, di.clone()]);
        self.push(alts, What::ChainOuterAtVariable, (e, &chain), wrong, right);
    }

    /// The outer function's wrong derivatives (a basic derivative, the power rule's slips) at
    /// the inner function, the chain factor `di` kept, and lost too (two mistakes at once);
    /// the power rule on an exponential stands for the whole chain.
    fn wrong_outers_chained(
        &mut self,
        alts: &mut Vec<Alt>,
        e: &Sym,
        (first, di): (&Layer, &Sym),
        right: &Sym,
    ) {
        for (what, w) in wrong_outer(&first.outer) {
            let parts = outer_parts(first, di, &w);
            let w_at = substitute(&w, 0, &first.inner);
            if what.replaces_chain() {
                // the power rule on an exponential: e^(5x) → 5x·e^(5x−1), no chain factor
                self.push(alts, what, (e, &parts), w_at, right);
                continue;
            }
            // the wrong basic derivative, the chain factor kept: (cos 2x)′ = sin(2x)·2
            let wrong = raw_mul(vec![w_at.clone(), di.clone()]);
            let one = self.slip(what, e, wrong.clone(), right, &parts);
            alts.push(Alt {
                d: wrong,
                slips: vec![one],
            });
            // and without it, two mistakes at once: (cos 2x)′ = sin 2x
            if !di.is_zero() {
                let chain = chain_parts(first, di);
                let two = self.slip(What::ChainInnerMissing, e, w_at.clone(), right, &chain);
                alts.push(Alt {
                    d: w_at,
                    slips: vec![one, two],
                });
            }
        }
    }
}

/// What a chain-rule slip's explanation names: `[outer, inner, inner′, outer′]`.
fn chain_parts(first: &Layer, di: &Sym) -> [Sym; 4] {
    [
        first.outer.clone(),
        first.inner.clone(),
        di.clone(),
        first.outer_derivative.clone(),
    ]
}

/// What a wrong outer derivative's explanation names: the chain's parts, then the wrong outer
/// derivative `w` (written with placeholder 0).
fn outer_parts(first: &Layer, di: &Sym, w: &Sym) -> [Sym; 5] {
    let [outer, inner, di, outer_d] = chain_parts(first, di);
    [outer, inner, di, outer_d, w.clone()]
}

/// A sum's term derivatives `ds` with the `i`-th replaced.
fn replaced(ds: &[Sym], i: usize, with: Sym) -> Sym {
    let mut v = ds.to_vec();
    v[i] = with;
    Sym::Add(v)
}

/// Two mistakes at once in a sum: one in each of two terms, at most [`MAX_PAIRS`].
fn term_pairs(alts: &mut Vec<Alt>, ds: &[Sym], child: &[Vec<Alt>]) {
    let mut n = 0;
    for i in 0..child.len() {
        for j in i + 1..child.len() {
            for a in child[i].iter().filter(|a| a.slips.len() == 1) {
                for b in child[j].iter().filter(|b| b.slips.len() == 1) {
                    if n >= MAX_PAIRS {
                        return;
                    }
                    let mut v = ds.to_vec();
                    v[i] = a.d.clone();
                    v[j] = b.d.clone();
                    alts.push(Alt {
                        d: Sym::Add(v),
                        slips: vec![a.slips[0], b.slips[0]],
                    });
                    n += 1;
                }
            }
        }
    }
}

/// One mistake in each of two parts, at most [`MAX_PAIRS`].
fn pairs(alts: &mut Vec<Alt>, a: &[Alt], b: &[Alt], build: impl Fn(&Sym, &Sym) -> Sym) {
    let singles =
        |v: &[Alt]| -> Vec<Alt> { v.iter().filter(|t| t.slips.len() == 1).cloned().collect() };
    let (a, b) = (singles(a), singles(b));
    let mut n = 0;
    for s in &a {
        for t in &b {
            if n >= MAX_PAIRS {
                return;
            }
            alts.push(Alt {
                d: build(&s.d, &t.d),
                slips: vec![s.slips[0], t.slips[0]],
            });
            n += 1;
        }
    }
}

/// The wrong derivatives of an outer function (written with placeholder 0), each with the
/// slip it is.
fn wrong_outer(outer: &Sym) -> Vec<(What, Sym)> {
    let u = Sym::Hole(0);
    let one = Sym::one;
    let c = |f: Func| Sym::call(f, u.clone());
    let mut out = Vec::new();
    match outer {
        Sym::Pow(base, n) if **base == u => {
            let n = (**n).clone();
            let up = Sym::Add(vec![n.clone(), one()]);
            let down = Sym::Add(vec![n.clone(), Sym::num(-1)]);
            out.push((
                What::PowerUp,
                raw_mul(vec![n.clone(), Sym::pow(u.clone(), up)]),
            ));
            out.push((
                What::PowerLowerFirst,
                raw_mul(vec![down.clone(), Sym::pow(u.clone(), n)]),
            ));
            out.push((What::PowerNoFactor, Sym::pow(u.clone(), down)));
        }
        Sym::Pow(base, e) if **e == u => {
            if **base != Sym::E {
                out.push((What::ExpNoLn, outer.clone()));
            }
            let down = Sym::Add(vec![u.clone(), Sym::num(-1)]);
            out.push((
                What::PowerOnExponential,
                raw_mul(vec![u.clone(), Sym::pow((**base).clone(), down)]),
            ));
        }
        Sym::Call(f, _) => {
            let sq = |s: Sym| raw_sq(s);
            let wrong: Vec<Sym> = match f {
                Func::Sin => vec![Sym::neg(c(Func::Cos))],
                Func::Cos => vec![c(Func::Sin)],
                Func::Tan => vec![
                    Sym::Add(vec![one(), Sym::neg(sq(c(Func::Tan)))]),
                    c(Func::Sec),
                ],
                Func::Cot => vec![sq(c(Func::Csc))],
                Func::Log10 | Func::Log2 => vec![Sym::div(one(), u.clone())],
                Func::Sqrt => vec![Sym::div(one(), c(Func::Sqrt))],
                Func::Tanh => vec![Sym::Add(vec![one(), sq(c(Func::Tanh))])],
                Func::Cosh => vec![Sym::neg(c(Func::Sinh))],
                Func::Sigmoid => vec![raw_mul(vec![
                    c(Func::Sigmoid),
                    Sym::Add(vec![one(), c(Func::Sigmoid)]),
                ])],
                Func::Asin => vec![Sym::div(
                    one(),
                    Sym::call(Func::Sqrt, Sym::Add(vec![one(), sq(u.clone())])),
                )],
                Func::Acos => vec![Sym::div(
                    one(),
                    Sym::call(Func::Sqrt, Sym::Add(vec![one(), Sym::neg(sq(u.clone()))])),
                )],
                Func::Atan => vec![Sym::div(u.clone(), Sym::Add(vec![one(), sq(u.clone())]))],
                Func::Exp => {
                    let down = Sym::Add(vec![u.clone(), Sym::num(-1)]);
                    out.push((
                        What::PowerOnExponential,
                        raw_mul(vec![u.clone(), Sym::call(Func::Exp, down)]),
                    ));
                    vec![]
                }
                _ => vec![],
            };
            for w in wrong {
                out.push((What::Elementary(*f), w));
            }
        }
        _ => {}
    }
    out
}
