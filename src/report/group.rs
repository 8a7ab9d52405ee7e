//! Grouping one exercise's wrong answers by what they mean, in one pass (see the module
//! documentation of `report` for the method).

use super::{Form, Group};
use crate::check::{Checker, Diagnosis, Fingerprint, FingerprintKey};
use crate::exercise::Answer;
use crate::grade::{GradeResult, GradeVerdict};
use std::collections::HashMap;

/// One answer in a group.
struct Member {
    student: usize,
    name: String,
    typed: String,
    message: String,
}

/// A group being filled.
struct Building {
    verdict: GradeVerdict,
    diagnosis: Option<Diagnosis>,
    /// The answer every new one is compared with (a wrong answer that reads).
    fingerprint: Option<Fingerprint>,
    members: Vec<Member>,
}

/// The groups of one exercise's answers.
pub(super) struct Groups {
    randomised: bool,
    groups: Vec<Building>,
    /// Wrong answers that read, by variant and fingerprint key.
    by_value: HashMap<(Option<u32>, FingerprintKey), Vec<usize>>,
    /// Wrong answers the checker has no values for (a transposed Jacobian of the wrong shape),
    /// by variant and their text without spaces.
    by_text: HashMap<(Option<u32>, String), usize>,
    /// Unreadable answers, by their error.
    by_error: HashMap<String, usize>,
}

impl Groups {
    pub(super) fn new(randomised: bool) -> Groups {
        Groups {
            randomised,
            groups: Vec::new(),
            by_value: HashMap::new(),
            by_text: HashMap::new(),
            by_error: HashMap::new(),
        }
    }

    /// Files student `student`'s graded answer (nothing for a right or missing one). `checker`
    /// is the one that judged it.
    pub(super) fn add(
        &mut self,
        student: usize,
        name: &str,
        result: &GradeResult,
        answer: Option<&Answer>,
        typed: &str,
        checker: Option<&Checker>,
    ) {
        let member = Member {
            student,
            name: name.to_string(),
            typed: typed.to_string(),
            message: result.message.clone(),
        };
        let g = match result.verdict {
            GradeVerdict::Correct | GradeVerdict::Unanswered => return,
            GradeVerdict::Invalid => self.invalid(result),
            GradeVerdict::Incorrect => {
                let fp = checker
                    .zip(answer)
                    .and_then(|(c, a)| Some((c, c.fingerprint(a)?)));
                match fp {
                    Some((c, fp)) => self.by_values(c, result, fp),
                    None => self.by_text(result, typed),
                }
            }
        };
        self.groups[g].members.push(member);
    }

    fn open(&mut self, result: &GradeResult, fingerprint: Option<Fingerprint>) -> usize {
        self.groups.push(Building {
            verdict: result.verdict,
            diagnosis: result.diagnosis,
            fingerprint,
            members: Vec::new(),
        });
        self.groups.len() - 1
    }

    /// The group of an unreadable answer: by the parse error's message (without its column),
    /// else by the whole message (a wrong shape, a variant that cannot be drawn).
    fn invalid(&mut self, result: &GradeResult) -> usize {
        let key = result
            .read_error
            .as_ref()
            .map_or_else(|| result.message.clone(), |e| e.error.message.clone());
        if let Some(&g) = self.by_error.get(&key) {
            return g;
        }
        let g = self.open(result, None);
        self.by_error.insert(key, g);
        g
    }

    /// The group of a wrong answer whose values are `fp`: looked for under every key its values
    /// could have, confirmed by the checker's comparison, else a new group under its own key.
    fn by_values(&mut self, checker: &Checker, result: &GradeResult, fp: Fingerprint) -> usize {
        for key in checker.fingerprint_probes(&fp) {
            let Some(candidates) = self.by_value.get(&(result.variant, key)) else {
                continue;
            };
            let found = candidates.iter().copied().find(|&g| {
                self.groups[g]
                    .fingerprint
                    .as_ref()
                    .is_some_and(|rep| checker.same_values(&fp, rep))
            });
            if let Some(g) = found {
                return g;
            }
        }
        let key = checker.fingerprint_key(&fp);
        let g = self.open(result, Some(fp));
        self.by_value
            .entry((result.variant, key))
            .or_default()
            .push(g);
        g
    }

    fn by_text(&mut self, result: &GradeResult, typed: &str) -> usize {
        let key = (
            result.variant,
            typed.chars().filter(|c| !c.is_whitespace()).collect(),
        );
        if let Some(&g) = self.by_text.get(&key) {
            return g;
        }
        let g = self.open(result, None);
        self.by_text.insert(key, g);
        g
    }

    /// The groups, largest first, and each grouped student's group number (from 1). A
    /// randomised exercise's wrong answers with one diagnosis are one group across variants.
    pub(super) fn finish(mut self) -> (Vec<Group>, Vec<(usize, usize)>) {
        if self.randomised {
            self.merge_by_diagnosis();
        }
        let mut built: Vec<Group> = Vec::new();
        let mut members: Vec<Vec<usize>> = Vec::new();
        for b in self.groups.into_iter().filter(|b| !b.members.is_empty()) {
            members.push(b.members.iter().map(|m| m.student).collect());
            built.push(finish_group(b));
        }
        let mut order: Vec<usize> = (0..built.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(built[i].count));
        let mut numbers = Vec::new();
        for (n, &i) in order.iter().enumerate() {
            numbers.extend(members[i].iter().map(|&s| (s, n + 1)));
        }
        let mut slots: Vec<Option<Group>> = built.into_iter().map(Some).collect();
        let groups = order.iter().filter_map(|&i| slots[i].take()).collect();
        (groups, numbers)
    }

    /// Moves every wrong answer with a diagnosis into the first group with that diagnosis.
    fn merge_by_diagnosis(&mut self) {
        let mut first: HashMap<&'static str, usize> = HashMap::new();
        for g in 0..self.groups.len() {
            let b = &self.groups[g];
            let Some(d) = b.diagnosis.filter(|_| b.verdict == GradeVerdict::Incorrect) else {
                continue;
            };
            match first.get(d.tag()) {
                None => {
                    first.insert(d.tag(), g);
                }
                Some(&into) => {
                    let moved = std::mem::take(&mut self.groups[g].members);
                    self.groups[into].members.extend(moved);
                }
            }
        }
        for b in &mut self.groups {
            b.members.sort_by_key(|m| m.student);
        }
    }
}

/// A filled group: its forms counted (most common first, then in the order first typed), the
/// message of the most common form's first answer.
fn finish_group(b: Building) -> Group {
    let mut forms: Vec<Form> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for m in &b.members {
        match index.get(m.typed.as_str()) {
            Some(&i) => forms[i].count += 1,
            None => {
                index.insert(&m.typed, forms.len());
                forms.push(Form {
                    text: m.typed.clone(),
                    count: 1,
                });
            }
        }
    }
    forms.sort_by_key(|f| std::cmp::Reverse(f.count));
    let top = forms.first().map(|f| f.text.as_str()).unwrap_or_default();
    let first = b.members.iter().find(|m| m.typed == top);
    let message = first.map(|m| m.message.clone()).unwrap_or_default();
    Group {
        verdict: b.verdict,
        count: b.members.len(),
        diagnosis: b.diagnosis,
        message,
        students: b.members.iter().map(|m| m.name.clone()).collect(),
        answers: forms,
    }
}
