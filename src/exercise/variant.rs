//! Variants of a randomised exercise or descent example: which variant an [`Exercise`] (or a
//! [`Descent`]) is, and reading the item again with another variant's values
//! ([`Exercise::variant`], [`Descent::variant`]).

use super::load::Diagnostic;
use super::read::VariantReader;
use super::{Descent, Exercise};
use crate::variants::{first_variant, next_variant, Draws, MAX_VARIANT};
use std::sync::Arc;

/// Which items of a file a [`VariantSpec`] counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ItemKind {
    /// `[[exercise]]`
    Exercise,
    /// `[[descent]]`
    Descent,
}

/// What makes an exercise (or a descent example) randomised: its draws and where it was read
/// from, shared by every variant of it.
#[derive(Debug, PartialEq)]
pub struct VariantSpec {
    pub draws: Draws,
    /// The file's name as shown in messages, its text, and the item's index among the file's
    /// `[[exercise]]` (or `[[descent]]`) items: a variant is the item read again with its values.
    pub(crate) source: String,
    pub(crate) text: Arc<str>,
    pub(crate) item: ItemKind,
    pub(crate) index: usize,
}

/// The variant an exercise was read as.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// 1 to [`MAX_VARIANT`].
    pub number: u32,
    /// Every parameter's value in this variant, in file order (fixed and derived ones too).
    pub values: Vec<(String, f64)>,
    pub spec: Arc<VariantSpec>,
}

impl Variant {
    /// The drawn parameters' values only.
    pub fn drawn(&self) -> Vec<(String, f64)> {
        let drawn: Vec<&str> = self.spec.draws.drawn_names().collect();
        self.values
            .iter()
            .filter(|(n, _)| drawn.contains(&n.as_str()))
            .cloned()
            .collect()
    }

    /// `a = -1, n = 3`: every parameter's value, as messages show them.
    pub fn describe(&self) -> String {
        self.values
            .iter()
            .map(|(n, x)| format!("{n} = {}", crate::variants::format_value(*x)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Why a variant could not be read.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum VariantError {
    #[error("`{id}` is not randomised: it has no variants")]
    Fixed { id: String },
    #[error("variant {n} is out of range: variants are numbered 1 to {MAX_VARIANT}")]
    OutOfRange { n: u32 },
    #[error("variant {n} of `{id}` has no values that satisfy `where`")]
    NoValues { id: String, n: u32 },
    #[error("variant {n} of `{id}` does not read: {}", first_message(.diagnostics))]
    Unreadable {
        id: String,
        n: u32,
        diagnostics: Vec<Diagnostic>,
    },
}

fn first_message(d: &[Diagnostic]) -> String {
    d.first().map_or_else(String::new, |d| d.to_string())
}

impl Exercise {
    /// Whether the exercise has drawn parameters.
    pub fn is_randomised(&self) -> bool {
        self.variant.is_some()
    }

    /// The variant number, for a randomised exercise.
    pub fn variant_number(&self) -> Option<u32> {
        self.variant.as_ref().map(|v| v.number)
    }

    /// The variant drawn first for a student: [`first_variant`] of their key and the id, moving
    /// on past variants that have no values. A fixed exercise is itself. What a student is
    /// shown is the first variant from there that also passes validation: the validate
    /// module's `student_valid_variant`.
    pub fn student_variant(&self, student: &str) -> Result<Exercise, VariantError> {
        if !self.is_randomised() {
            return Ok(self.clone());
        }
        let mut n = first_variant(student, &self.id);
        let mut last = VariantError::NoValues {
            id: self.id.clone(),
            n,
        };
        for _ in 0..100 {
            match self.variant(n) {
                Ok(v) => return Ok(v),
                Err(e) => last = e,
            }
            n = next_variant(n);
        }
        Err(last)
    }

    /// The exercise as variant `n` (1 to [`MAX_VARIANT`]): read again with that variant's
    /// values, every template rendered with them. To read many variants, [`Exercise::variants`]
    /// reads the file once.
    pub fn variant(&self, n: u32) -> Result<Exercise, VariantError> {
        if self.variant_number() == Some(n) {
            return Ok(self.clone());
        }
        self.variants()?.get(n)
    }

    /// A reader of this exercise's variants, its file parsed once.
    pub fn variants(&self) -> Result<Variants<'_>, VariantError> {
        let Some(v) = &self.variant else {
            return Err(VariantError::Fixed {
                id: self.id.clone(),
            });
        };
        let spec = &v.spec;
        Ok(Variants {
            ex: self,
            spec,
            reader: VariantReader::new(&spec.source, &spec.text, spec.item, spec.index),
        })
    }
}

/// Reads the variants of one randomised exercise ([`Exercise::variants`]).
pub struct Variants<'a> {
    ex: &'a Exercise,
    spec: &'a Arc<VariantSpec>,
    reader: VariantReader<'a>,
}

impl Variants<'_> {
    /// Variant `n` (1 to [`MAX_VARIANT`]), as [`Exercise::variant`] reads it.
    pub fn get(&mut self, n: u32) -> Result<Exercise, VariantError> {
        let id = &self.ex.id;
        if !(1..=MAX_VARIANT).contains(&n) {
            return Err(VariantError::OutOfRange { n });
        }
        if self.ex.variant_number() == Some(n) {
            return Ok(self.ex.clone());
        }
        let values = self
            .spec
            .draws
            .values(n)
            .ok_or_else(|| VariantError::NoValues { id: id.clone(), n })?;
        let mut ex = self
            .reader
            .read(&values)
            .map_err(|diagnostics| VariantError::Unreadable {
                id: id.clone(),
                n,
                diagnostics,
            })?;
        ex.variant = Some(Variant {
            number: n,
            values,
            spec: Arc::clone(self.spec),
        });
        Ok(ex)
    }
}

impl Descent {
    /// Whether the example has drawn parameters.
    pub fn is_randomised(&self) -> bool {
        self.variant.is_some()
    }

    /// The variant number, for a randomised example.
    pub fn variant_number(&self) -> Option<u32> {
        self.variant.as_ref().map(|v| v.number)
    }

    /// The example as variant `n` (1 to [`MAX_VARIANT`]): read again with that variant's
    /// values, its title and notes rendered with them. To read many variants,
    /// [`Descent::variants`] reads the file once.
    pub fn variant(&self, n: u32) -> Result<Descent, VariantError> {
        if self.variant_number() == Some(n) {
            return Ok(self.clone());
        }
        self.variants()?.get(n)
    }

    /// A reader of this example's variants, its file parsed once.
    pub fn variants(&self) -> Result<DescentVariants<'_>, VariantError> {
        let Some(v) = &self.variant else {
            return Err(VariantError::Fixed {
                id: self.id.clone(),
            });
        };
        let spec = &v.spec;
        Ok(DescentVariants {
            d: self,
            spec,
            reader: VariantReader::new(&spec.source, &spec.text, spec.item, spec.index),
        })
    }
}

/// Reads the variants of one randomised descent example ([`Descent::variants`]).
pub struct DescentVariants<'a> {
    d: &'a Descent,
    spec: &'a Arc<VariantSpec>,
    reader: VariantReader<'a>,
}

impl DescentVariants<'_> {
    /// Variant `n` (1 to [`MAX_VARIANT`]), as [`Descent::variant`] reads it.
    pub fn get(&mut self, n: u32) -> Result<Descent, VariantError> {
        let id = &self.d.id;
        if !(1..=MAX_VARIANT).contains(&n) {
            return Err(VariantError::OutOfRange { n });
        }
        if self.d.variant_number() == Some(n) {
            return Ok(self.d.clone());
        }
        let values = self
            .spec
            .draws
            .values(n)
            .ok_or_else(|| VariantError::NoValues { id: id.clone(), n })?;
        let mut d =
            self.reader
                .read_descent(&values)
                .map_err(|diagnostics| VariantError::Unreadable {
                    id: id.clone(),
                    n,
                    diagnostics,
                })?;
        d.variant = Some(Variant {
            number: n,
            values,
            spec: Arc::clone(self.spec),
        });
        Ok(d)
    }
}
