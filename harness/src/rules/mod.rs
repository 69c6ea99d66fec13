//! The rules, one module per level in the order the data flows, and the
//! catalogue that lists them all.
//!
//! Each level module holds its rules (the statics the catalogue lists), the
//! checks that fire them and their unit tests: [`name`] (the file name),
//! [`encoding`] (bytes), [`structure`] (CSV structure), [`field`] (one
//! value, or the fields of one record), [`file`](mod@file) (the records of one file),
//! [`unit`](mod@unit) (the files of a send unit), [`relation`] (records across the
//! files of a unit) and [`consistency`] (the figures of the 第7表 against
//! each other, the dated tariff and the 第6表). `check` runs them in that
//! order.

use crate::fact::Fact;
use crate::finding::{Finding, Position, Rule};
use crate::input::decode::Text;
use crate::result::FileResult;
use crate::spec::{FieldSpec, KindSpec, Revision, Role};

/// Defines a level's rules: one static per rule, and `RULES`, the level's
/// rules in catalogue order.
macro_rules! rules {
    (level: $level:ident; $($name:ident = {
        id: $id:expr, severity: $severity:ident, $($k:ident : $v:expr),* $(,)?
    })*) => {
        $(pub static $name: crate::finding::Rule = crate::finding::Rule {
            id: $id,
            level: crate::finding::Level::$level,
            severity: crate::finding::Severity::$severity,
            $($k: $v),*
        };)*
        /// This level's rules, in catalogue order.
        pub const RULES: &[&crate::finding::Rule] = &[$(&$name),*];
    };
}

pub mod catalogue;
pub mod consistency;
pub mod docs_ja;
pub mod encoding;
pub mod field;
pub mod file;
pub mod name;
pub mod relation;
pub mod structure;
pub mod unit;

/// A rule's verdict on one value, before it is given a position.
#[derive(Debug, Clone)]
pub struct Issue {
    pub rule: &'static Rule,
    /// The offending value; `None` to use the field's value as found.
    pub found: Option<String>,
    /// What the rule found and expected, as values.
    pub fact: Option<Fact>,
    /// Whether the found value is personal data whatever field it concerns
    /// (`Some(true)`: record content whose field is not known, such as a
    /// row read as a header); `None` leaves it to the field.
    pub personal: Option<bool>,
}

impl Issue {
    pub fn new(rule: &'static Rule) -> Self {
        Issue {
            rule,
            found: None,
            fact: None,
            personal: None,
        }
    }
    /// Says whether the found value is personal data, whatever the field.
    pub fn personal(mut self, personal: bool) -> Self {
        self.personal = Some(personal);
        self
    }
    pub fn found(mut self, v: impl Into<String>) -> Self {
        self.found = Some(v.into());
        self
    }
    pub fn fact(mut self, f: Fact) -> Self {
        self.fact = Some(f);
        self
    }
}

/// One data record's decoded values, read by role or by field No.
#[derive(Clone, Copy)]
pub struct Rec<'a> {
    pub kind: &'a KindSpec,
    values: &'a [Text<'a>],
    /// For a record of another number of fields than its layout: which
    /// fields the alignment placed a value on (`None`: every field).
    placed: Option<&'a [bool]>,
    record: u32,
}

impl<'a> Rec<'a> {
    /// The values of record `record` (counted as the checker counts
    /// them), with the layout's number of fields.
    pub fn new(kind: &'a KindSpec, values: &'a [Text<'a>], record: u32) -> Self {
        Rec {
            kind,
            values,
            placed: None,
            record,
        }
    }
    /// The values of a record aligned to its layout: `values` by field No.,
    /// `placed[i]` whether field No. i+1 was given a value with certainty
    /// (an unplaced field reads as empty, and [`Rec::role`] as `None`).
    pub fn placed(
        kind: &'a KindSpec,
        values: &'a [Text<'a>],
        placed: &'a [bool],
        record: u32,
    ) -> Self {
        Rec {
            kind,
            values,
            placed: Some(placed),
            record,
        }
    }
    /// The record's number.
    pub fn record(&self) -> u32 {
        self.record
    }
    /// The value of the field with a role, when the layout has one and the
    /// record's value for it was placed.
    pub fn role(&self, role: Role) -> Option<&'a str> {
        self.kind
            .field_by_role(role)
            .filter(|f| self.is_placed(f.no))
            .map(|f| self.no(f.no))
    }
    /// The value of field No. `no` (empty when the record has no such field,
    /// or its value could not be placed).
    pub fn no(&self, no: u16) -> &'a str {
        if !self.is_placed(no) {
            return "";
        }
        usize::from(no)
            .checked_sub(1)
            .and_then(|i| self.values.get(i))
            .map_or("", |v| v.as_ref())
    }
    /// Whether field No. `no` has a value that stands where the layout puts
    /// it or was placed there with certainty.
    pub fn is_placed(&self, no: u16) -> bool {
        self.placed.is_none_or(|p| {
            usize::from(no)
                .checked_sub(1)
                .and_then(|i| p.get(i))
                .is_some_and(|b| *b)
        })
    }
    /// Whether every field No. in `nos` is placed: a rule across a record's
    /// fields reads them only then.
    pub fn all_placed(&self, nos: impl IntoIterator<Item = u16>) -> bool {
        nos.into_iter().all(|n| self.is_placed(n))
    }
    /// Whether every field a rule reads by role is placed (roles the
    /// layout does not have need nothing).
    pub fn roles_placed(&self, roles: &[Role]) -> bool {
        roles.iter().all(|r| {
            self.kind
                .field_by_role(*r)
                .is_none_or(|f| self.is_placed(f.no))
        })
    }
    /// The No. of the field with a role (0 when the layout has none).
    pub fn no_of(&self, role: Role) -> u16 {
        self.kind.field_by_role(role).map_or(0, |f| f.no)
    }
}

/// What a rule reads of a layout by role: the kinds it applies to, and the
/// roles it needs there. The rule's code asks [`RoleNeed::applies_to`]
/// before it reads; `catalogue::missing_roles` (run by a test) checks that
/// every kind it applies to, in every embedded revision, has every role it
/// needs, so that a rule never passes a kind silently because its data lacks
/// a role.
pub struct RoleNeed {
    pub rule: &'static Rule,
    /// Whether the rule applies to a kind of a revision.
    pub applies: fn(&Revision, &KindSpec) -> bool,
    pub roles: &'static [Role],
}

impl RoleNeed {
    pub fn applies_to(&self, rev: &Revision, kind: &KindSpec) -> bool {
        (self.applies)(rev, kind)
    }
}

/// Entries kept per key and read back in key order, as a `BTreeMap` gives
/// them, where the entry of the last key asked for is found without a
/// search: a 第7表's rows come user by user and kind by kind, so most rows
/// fall under the key of the row before, and the key is then neither
/// searched for nor built. Other keys are found by their hash (foldhash,
/// randomly seeded) and put in order once, when the entries are read back:
/// a 第7表's users are mostly new keys, and an ordered map searched for
/// each cost more than sorting them at the end. Each key is held once,
/// the hash table holding only its number.
pub struct Runs<K, V> {
    /// The numbers of `keys`, found by the key's hash.
    index: hashbrown::HashTable<usize>,
    hasher: foldhash::fast::RandomState,
    keys: Vec<K>,
    entries: Vec<V>,
    last: Option<usize>,
}

impl<K, V> Default for Runs<K, V> {
    fn default() -> Self {
        Runs {
            index: hashbrown::HashTable::new(),
            hasher: foldhash::fast::RandomState::default(),
            keys: Vec::new(),
            entries: Vec::new(),
            last: None,
        }
    }
}

impl<K: Ord + std::hash::Hash, V> Runs<K, V> {
    /// The entry of the key `is` recognises and `key` builds, made by
    /// `init` when the key is new (`BTreeMap::entry(key).or_insert_with`).
    pub fn entry(
        &mut self,
        is: impl Fn(&K) -> bool,
        key: impl FnOnce() -> K,
        init: impl FnOnce() -> V,
    ) -> &mut V {
        use std::hash::BuildHasher;
        let i = match self.last {
            Some(i) if is(&self.keys[i]) => i,
            _ => {
                let k = key();
                let hash = self.hasher.hash_one(&k);
                let keys = &self.keys;
                let i = match self.index.find(hash, |&j| keys[j] == k) {
                    Some(&j) => j,
                    None => {
                        let j = self.keys.len();
                        self.keys.push(k);
                        self.entries.push(init());
                        let (keys, hasher) = (&self.keys, &self.hasher);
                        self.index
                            .insert_unique(hash, j, |&x| hasher.hash_one(&keys[x]));
                        j
                    }
                };
                self.last = Some(i);
                i
            }
        };
        &mut self.entries[i]
    }

    /// The keys and entries, in key order.
    pub fn into_sorted(self) -> impl Iterator<Item = (K, V)> {
        self.into_sorted_where(|_, _| true)
    }

    /// The keys and entries that `keep` keeps, in key order: those left
    /// out are not sorted (a rule that reports a few keys of many sorts
    /// only those).
    pub fn into_sorted_where(self, keep: impl Fn(&K, &V) -> bool) -> impl Iterator<Item = (K, V)> {
        let mut kept: Vec<(K, V)> = self
            .keys
            .into_iter()
            .zip(self.entries)
            .filter(|(k, v)| keep(k, v))
            .collect();
        // Each key once: no two compare equal, so the order is the map's.
        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        kept.into_iter()
    }
}

/// A value kept per field of a layout (the last of some kind that the
/// records before had), none until one is set.
pub struct PerField<T>(Vec<Option<T>>);

impl<T> Default for PerField<T> {
    fn default() -> Self {
        PerField(Vec::new())
    }
}

impl<T: Default> PerField<T> {
    /// The value of field `i`, if one was set.
    pub fn get(&self, i: usize) -> Option<&T> {
        self.0.get(i).and_then(Option::as_ref)
    }

    /// The value of field `i` to change, if one was set.
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        self.0.get_mut(i).and_then(Option::as_mut)
    }

    /// The value of field `i` to set, made empty the first time (fields
    /// not set yet keep none); its room is reused from the value before.
    pub fn set(&mut self, i: usize) -> &mut T {
        if self.0.len() <= i {
            self.0.resize_with(i + 1, || None);
        }
        self.0[i].get_or_insert_with(T::default)
    }
}

/// Where the checks of one file put their issues. The check gives each its
/// file, counts the findings per rule and turns the issue into a finding.
pub trait Sink {
    /// An issue at `pos`. `field` is the layout row it concerns (its name,
    /// and whether its value is personal); `value` is the value found there,
    /// shown when the issue names no other.
    fn push(&mut self, issue: Issue, pos: Position, field: Option<&FieldSpec>, value: Option<&str>);
}

/// A finding about a file as a whole or a record of it, made by the rules
/// that read several files (send units, relations).
pub(crate) fn file_finding(
    rule: &'static Rule,
    f: &FileResult,
    pos: Position,
    fact: Fact,
) -> Finding {
    Finding {
        rule,
        file: f.file.clone(),
        path: f.path.clone(),
        pos,
        field_name: None,
        found: None,
        personal: false,
        fact: Some(fact),
    }
}

#[cfg(test)]
mod tests {
    use super::Runs;
    use std::collections::BTreeMap;

    /// Runs gives what a BTreeMap's entries give, whatever the order the
    /// keys come in: a key met again after others finds its entry, a new
    /// key's entry is made once, and the entries come back in key order.
    #[test]
    fn runs_are_a_map_whatever_the_order_of_keys() {
        let keys = ["b", "b", "a", "b", "c", "c", "a", "a", "d", "b"];
        let mut runs: Runs<String, (usize, u32)> = Runs::default();
        let mut map: BTreeMap<String, (usize, u32)> = BTreeMap::new();
        for (i, k) in keys.iter().enumerate() {
            runs.entry(|x| x == k, || k.to_string(), || (i, 0)).1 += 1;
            map.entry(k.to_string()).or_insert((i, 0)).1 += 1;
        }
        let got: Vec<(String, (usize, u32))> = runs.into_sorted().collect();
        let want: Vec<(String, (usize, u32))> = map.into_iter().collect();
        assert_eq!(got, want);
        assert_eq!(
            got[0],
            ("a".to_string(), (2, 3)),
            "first seen at 2, met three times"
        );
        // Pairs of keys as a 第7表's users are, 500 of them in a scrambled
        // order, each met in runs and again later: read back in order, all
        // of them or those kept.
        type Pairs = (Runs<(String, String), u32>, BTreeMap<(String, String), u32>);
        let fill = || -> Pairs {
            let (mut runs, mut map) = (Runs::default(), BTreeMap::new());
            for i in 0..2000u32 {
                let n = (i * 7919) % 500;
                let k = ("131011".to_string(), format!("H{:09}", n * 37 % 1000));
                for _ in 0..(i % 3) + 1 {
                    *runs.entry(|x| *x == k, || k.clone(), || 0) += 1;
                    *map.entry(k.clone()).or_insert(0) += 1;
                }
            }
            (runs, map)
        };
        let (runs, map) = fill();
        let got: Vec<((String, String), u32)> = runs.into_sorted().collect();
        let want: Vec<((String, String), u32)> = map.into_iter().collect();
        assert_eq!(got.len(), 500);
        assert_eq!(got, want);
        let odd = |k: &(String, String), n: &u32| n % 2 == 1 && !k.1.ends_with('7');
        let (runs, map) = fill();
        let got: Vec<((String, String), u32)> = runs.into_sorted_where(odd).collect();
        let want: Vec<((String, String), u32)> =
            map.into_iter().filter(|(k, n)| odd(k, n)).collect();
        assert!(got.len() > 50 && got.len() < 450, "{}", got.len());
        assert_eq!(got, want);
    }
}
