//! A prediction of one adjoint, typed on the tutor's graph screen before the backward pass
//! shows it, judged by the checker's rules for a number cell: read as a number is (`-1/8`,
//! `e^2`, `−0.125`), compared with the tolerance, and a wrong one explained as a graph
//! exercise's adjoint cell is (one path of a shared node, a local derivative without its
//! upstream adjoint, the sign, too few digits).

use super::compare::number_ok;
use super::graph::{mistake, GraphPoint};
use super::read;
use super::{Diagnosis, Status};
use crate::exercise::Tolerance;
use crate::math::{eval_constant, Scope};

/// The verdict on a predicted adjoint.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// `Invalid` when the text is not a number (nothing was judged: let the student fix it).
    pub status: Status,
    /// Why: the reading error, or what is wrong with the number; empty when it is right.
    pub message: String,
    pub diagnosis: Option<Diagnosis>,
    /// The number read, when it was one.
    pub value: Option<f64>,
}

/// Judges `src` as node `id`'s adjoint at `p` under `tol`; `consts` names the constants the
/// number may use (the exercise's, or none).
pub fn predict_adjoint(
    p: &GraphPoint,
    id: usize,
    src: &str,
    tol: Tolerance,
    consts: &Scope,
) -> Prediction {
    let read = match read::plain_number(src) {
        Some(v) => Ok(v),
        None => eval_constant(src, consts).map_err(|e| e.to_string()),
    };
    let a = match read {
        Ok(a) => a,
        Err(message) => {
            return Prediction {
                status: Status::Invalid,
                message,
                diagnosis: None,
                value: None,
            }
        }
    };
    let Some(t) = p.backward.adjoints.get(id).copied().flatten() else {
        return Prediction {
            status: Status::Invalid,
            message: "this node has no adjoint at this point".into(),
            diagnosis: None,
            value: Some(a),
        };
    };
    if number_ok(a, t, 0.0, tol) {
        return Prediction {
            status: Status::Correct,
            message: String::new(),
            diagnosis: None,
            value: Some(a),
        };
    }
    let (message, diagnosis) = mistake(p, id, true, a, t, tol);
    Prediction {
        status: Status::Incorrect,
        message,
        diagnosis,
        value: Some(a),
    }
}
