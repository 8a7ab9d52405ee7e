//! Answers in TOML, both ways: the one reading used by `grade` answers files, the progress file
//! and `gradtutor check`, and the one writing used by the progress file.
//!
//! An answer is a string or a number (one cell), a list of them (a vector), a list of lists (a
//! matrix, one row per list) or a table of columns (lists) and totals (single values).
//! - Numbers become the text the answer language reads back to the same value: `Display` for
//!   `f64` is exact and never uses an exponent (`2e-8` is written `0.00000002`); NaN is `nan`
//!   and infinities `inf` / `-inf`, which the checker reads as "not a finite number" and as
//!   infinite limits.
//! - An empty list is a vector of no components (the checker then says how many are needed),
//!   never an error here: the shape is the checker's to judge, with the exercise in hand.

use super::{Answer, TableEntry};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Why a TOML value is not an answer.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnswerTomlError {
    /// A list that holds something other than values or lists of values.
    #[error("a list must hold values, or lists of values (a matrix); this one holds {found}")]
    BadList { found: &'static str },
    /// A table column that is not a list of values.
    #[error("the column {name} must be a list of values")]
    BadColumn { name: String },
    /// A table entry that is neither a list nor a value.
    #[error("{name} is {found}; {HELP}")]
    BadEntry { name: String, found: &'static str },
    /// A boolean, a date, or anything else that is no answer.
    #[error("this is {found}; {HELP}")]
    NotAnAnswer { found: &'static str },
}

const HELP: &str = "an answer is an expression in quotes, a number, a list, a list of lists, or \
                    a table of columns and totals";

/// The text of one cell: a string as written, a number as text that reads back exactly.
pub fn cell_text(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(if f.is_nan() {
            "nan".to_string()
        } else if f.is_infinite() {
            if *f > 0.0 { "inf" } else { "-inf" }.to_string()
        } else {
            format!("{f}")
        }),
        _ => None,
    }
}

/// "a string", "a list", ... for messages.
pub fn type_name(v: &toml::Value) -> &'static str {
    match v {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a number",
        toml::Value::Boolean(_) => "a boolean",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "a list",
        toml::Value::Table(_) => "a table",
    }
}

/// An answer from a TOML value.
pub fn from_toml(v: &toml::Value) -> Result<Answer, AnswerTomlError> {
    if let Some(s) = cell_text(v) {
        return Ok(Answer::Scalar(s));
    }
    match v {
        toml::Value::Array(items) => {
            if items.iter().all(|x| cell_text(x).is_some()) {
                return Ok(Answer::Vector(items.iter().filter_map(cell_text).collect()));
            }
            let mut rows = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    toml::Value::Array(row) if row.iter().all(|x| cell_text(x).is_some()) => {
                        rows.push(row.iter().filter_map(cell_text).collect());
                    }
                    other => {
                        return Err(AnswerTomlError::BadList {
                            found: type_name(other),
                        })
                    }
                }
            }
            Ok(Answer::Matrix(rows))
        }
        toml::Value::Table(t) => {
            let mut entries = Vec::with_capacity(t.len());
            for (name, x) in t {
                let entry = match x {
                    toml::Value::Array(cells) => TableEntry::Column(
                        cells
                            .iter()
                            .map(cell_text)
                            .collect::<Option<Vec<String>>>()
                            .ok_or_else(|| AnswerTomlError::BadColumn { name: name.clone() })?,
                    ),
                    other => TableEntry::Total(cell_text(other).ok_or_else(|| {
                        AnswerTomlError::BadEntry {
                            name: name.clone(),
                            found: type_name(other),
                        }
                    })?),
                };
                entries.push((name.clone(), entry));
            }
            Ok(Answer::Table(entries))
        }
        other => Err(AnswerTomlError::NotAnAnswer {
            found: type_name(other),
        }),
    }
}

/// Writes an answer in the shapes [`from_toml`] reads (a table keeps its entries' order).
pub fn serialize<S: Serializer>(answer: &Answer, ser: S) -> Result<S::Ok, S::Error> {
    match answer {
        Answer::Scalar(s) => s.serialize(ser),
        Answer::Vector(v) => v.serialize(ser),
        Answer::Matrix(m) => m.serialize(ser),
        Answer::Table(entries) => {
            let mut map = ser.serialize_map(Some(entries.len()))?;
            for (name, entry) in entries {
                match entry {
                    TableEntry::Column(cells) => map.serialize_entry(name, cells)?,
                    TableEntry::Total(t) => map.serialize_entry(name, t)?,
                }
            }
            map.end()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> toml::Value {
        let doc: toml::Table = format!("a = {text}").parse().expect("toml");
        doc["a"].clone()
    }

    #[test]
    fn every_shape_reads() {
        assert_eq!(from_toml(&value("\"2x\"")), Ok(Answer::Scalar("2x".into())));
        assert_eq!(from_toml(&value("3")), Ok(Answer::Scalar("3".into())));
        assert_eq!(
            from_toml(&value("2e-8")),
            Ok(Answer::Scalar("0.00000002".into()))
        );
        assert_eq!(
            from_toml(&value("[\"2x\", 1]")),
            Ok(Answer::Vector(vec!["2x".into(), "1".into()]))
        );
        assert_eq!(
            from_toml(&value("[[\"a\"], [\"b\"]]")),
            Ok(Answer::Matrix(vec![vec!["a".into()], vec!["b".into()]]))
        );
        assert!(
            matches!(from_toml(&value("{ z = [1], L = 2 }")), Ok(Answer::Table(t)) if t.len() == 2)
        );
    }

    #[test]
    fn nan_and_infinities_are_words_the_checker_reads() {
        assert_eq!(from_toml(&value("nan")), Ok(Answer::Scalar("nan".into())));
        assert_eq!(from_toml(&value("-inf")), Ok(Answer::Scalar("-inf".into())));
        assert_eq!(
            from_toml(&value("[inf, nan]")),
            Ok(Answer::Vector(vec!["inf".into(), "nan".into()]))
        );
    }

    #[test]
    fn an_empty_list_is_an_empty_vector_left_to_the_checker() {
        assert_eq!(from_toml(&value("[]")), Ok(Answer::Vector(Vec::new())));
        assert_eq!(
            from_toml(&value("{ z = [] }")),
            Ok(Answer::Table(vec![(
                "z".into(),
                TableEntry::Column(Vec::new())
            )]))
        );
    }

    #[test]
    fn what_is_no_answer_says_why() {
        assert_eq!(
            from_toml(&value("true")),
            Err(AnswerTomlError::NotAnAnswer { found: "a boolean" })
        );
        assert_eq!(
            from_toml(&value("[[1], { a = 1 }]")),
            Err(AnswerTomlError::BadList { found: "a table" })
        );
        assert_eq!(
            from_toml(&value("{ z = [true] }")).map_err(|e| e.to_string()),
            Err("the column z must be a list of values".to_string())
        );
    }

    #[test]
    fn written_answers_read_back_the_same() {
        #[derive(serde::Serialize)]
        struct Doc {
            #[serde(serialize_with = "serialize")]
            a: Answer,
        }
        for answer in [
            Answer::Scalar("1/4".into()),
            Answer::Vector(vec!["2x".into(), "2y".into()]),
            Answer::Matrix(vec![
                vec!["1".into(), "2".into()],
                vec!["3".into(), "4".into()],
            ]),
            Answer::Table(vec![
                ("L".into(), TableEntry::Total("2e-8".into())),
                ("z".into(), TableEntry::Column(vec!["0".into()])),
            ]),
        ] {
            let text = toml::to_string(&Doc { a: answer.clone() }).expect("serialize");
            let doc: toml::Table = text.parse().expect("parse");
            assert_eq!(from_toml(&doc["a"]), Ok(answer));
        }
    }
}
