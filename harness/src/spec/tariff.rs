//! The dated figures of the 介護報酬 that the consistency rules compare a
//! 第7表 with, kept as data beside the revision folders
//! (`src/spec/tariff/`): the unit prices per 地域区分 and service kind
//! (告示93号) and the 区分支給限度基準額 per 要介護状態区分 (告示33号), each
//! with the service months it applies to and its source.
//!
//! Like `schema.rs`, this file is compiled into the library and into
//! `build.rs`, which loads and validates the data before the library is
//! built; it names nothing outside itself.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Both tables.
#[derive(Debug)]
pub struct Tariff {
    pub prices: UnitPrices,
    pub limits: Limits,
}

/// 「厚生労働大臣が定める一単位の単価」: per period, the price of each
/// 地域区分 for each group of service kinds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitPrices {
    pub title: String,
    pub source: String,
    pub url: String,
    pub transcription: Transcription,
    pub rule: String,
    /// The 地域区分, in the order every group lists its prices.
    pub grades: Vec<String>,
    pub periods: Vec<PricePeriod>,
    pub previous_period_note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transcription {
    pub repo: String,
    pub path: String,
    pub commit: String,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricePeriod {
    /// First service month (YYYYMM) the period applies to.
    pub from_month: String,
    /// Last service month, or `None` while in force.
    pub to_month: Option<String>,
    #[serde(default)]
    pub to_month_note: Option<String>,
    pub status: String,
    /// Price groups by id (`g70` …): one price per grade.
    pub groups: BTreeMap<String, PriceGroup>,
    /// Service kind → price group id, or [`MUNICIPAL`].
    pub kinds: BTreeMap<String, String>,
    pub municipal_note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceGroup {
    pub label: String,
    pub ratio_per_mille: Vec<u32>,
    /// `99.99`, one per grade.
    pub prices: Vec<String>,
    /// `prices` in hundredths of a yen, highest first, each once: worked
    /// out at the first lookup (a 第7表 row looks its kind up).
    #[serde(skip)]
    allowed: std::sync::OnceLock<Vec<i64>>,
}

/// The group of kinds whose price the municipality sets (総合事業).
pub const MUNICIPAL: &str = "municipal";

/// 「区分支給限度基準額」 per period and 要介護状態区分.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub title: String,
    pub source: String,
    pub url: String,
    pub codes_source: String,
    pub periods: Vec<LimitPeriod>,
    /// Care levels whose limit the municipality sets (06 事業対象者).
    pub municipal_levels: Vec<String>,
    pub municipal_note: String,
    pub earlier_note: String,
    pub uwanose: String,
    pub shurui_limit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitPeriod {
    pub from_month: String,
    pub to_month: Option<String>,
    /// 要介護状態区分コード → units per month.
    pub units: BTreeMap<String, i64>,
    pub sources: Vec<LimitSource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitSource {
    pub doc: String,
    pub url: String,
    pub covers: String,
}

/// What the price table says of a service kind in a month.
#[derive(Debug)]
pub enum PriceLookup<'a> {
    /// No period of the table covers the month.
    NotShipped,
    /// The municipality sets the price (総合事業).
    Municipal,
    /// A kind the table does not list.
    UnknownKind,
    /// The prices the kind may have, in hundredths of a yen, highest first,
    /// and the period that says so.
    Allowed(&'a [i64], &'a PricePeriod),
}

/// A `99.99` price in hundredths of a yen: `11.40` → 1140. `None` for
/// anything else (no sign, one or two decimals, at most two integer digits).
pub fn parse_price(s: &str) -> Option<i64> {
    let (int, frac) = s.split_once('.').unwrap_or((s, "0"));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || int.len() > 2 || !digits(frac) || frac.len() > 2 {
        return None;
    }
    let f: i64 = match frac.len() {
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    Some(int.parse::<i64>().ok()? * 100 + f)
}

fn is_month(m: &str) -> bool {
    m.len() == 6
        && m.bytes().all(|b| b.is_ascii_digit())
        && matches!(m[4..].parse::<u32>(), Ok(1..=12))
}

fn covers(from: &str, to: Option<&str>, month: &str) -> bool {
    from <= month && to.is_none_or(|t| month <= t)
}

impl Tariff {
    /// Loads both tables from their JSON text.
    pub fn load(prices: &str, limits: &str) -> Result<Tariff, String> {
        Ok(Tariff {
            prices: serde_json::from_str(prices)
                .map_err(|e| format!("spec/tariff/unit-prices.json: {e}"))?,
            limits: serde_json::from_str(limits)
                .map_err(|e| format!("spec/tariff/limits.json: {e}"))?,
        })
    }

    /// The prices a service kind may have in a service month (YYYYMM).
    pub fn prices(&self, kind: &str, month: &str) -> PriceLookup<'_> {
        let Some(p) = self
            .prices
            .periods
            .iter()
            .find(|p| covers(&p.from_month, p.to_month.as_deref(), month))
        else {
            return PriceLookup::NotShipped;
        };
        match p.kinds.get(kind).map(String::as_str) {
            None => PriceLookup::UnknownKind,
            Some(MUNICIPAL) => PriceLookup::Municipal,
            Some(g) => {
                let group = &p.groups[g];
                let allowed = group.allowed.get_or_init(|| {
                    let mut v: Vec<i64> =
                        group.prices.iter().filter_map(|s| parse_price(s)).collect();
                    v.sort_unstable_by(|a, b| b.cmp(a));
                    v.dedup();
                    v
                });
                PriceLookup::Allowed(allowed, p)
            }
        }
    }

    /// The national 区分支給限度基準額 of a care level in a service month,
    /// and the first month of the period that sets it; `None` for a level
    /// the municipality sets, an unknown level or a month no period covers.
    pub fn limit(&self, level: &str, month: &str) -> Option<(i64, &str)> {
        if self.limits.municipal_levels.iter().any(|l| l == level) {
            return None;
        }
        let p = self
            .limits
            .periods
            .iter()
            .find(|p| covers(&p.from_month, p.to_month.as_deref(), month))?;
        Some((*p.units.get(level)?, p.from_month.as_str()))
    }

    /// Everything wrong with the tables, one line each; empty when they can
    /// be embedded. `kinds` are the service kinds in the linkage scope of
    /// every revision (each must have a price in every period), `levels`
    /// the 要介護状態区分 codes of every revision (each must have a limit
    /// in every period, or be set by the municipality).
    pub fn problems(&self, kinds: &[String], levels: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        let p = &self.prices;
        let periods = |name: &str, ps: Vec<(&str, Option<&str>)>, out: &mut Vec<String>| {
            for (i, (from, to)) in ps.iter().enumerate() {
                if !is_month(from) || to.is_some_and(|t| !is_month(t) || t < *from) {
                    out.push(format!("{name}: period {} has a bad month", i + 1));
                }
                if let Some((f2, _)) = ps.get(i + 1) {
                    if to.is_none_or(|t| t >= *f2) || f2 <= from {
                        out.push(format!(
                            "{name}: periods {} and {} overlap or are out of order",
                            i + 1,
                            i + 2
                        ));
                    }
                }
            }
        };
        periods(
            "unit-prices.json",
            p.periods
                .iter()
                .map(|x| (x.from_month.as_str(), x.to_month.as_deref()))
                .collect(),
            &mut out,
        );
        for period in &p.periods {
            let at = format!("unit-prices.json {}", period.from_month);
            for (id, g) in &period.groups {
                if g.prices.len() != p.grades.len() || g.ratio_per_mille.len() != p.grades.len() {
                    out.push(format!(
                        "{at}: group {id} has {} prices and {} ratios for {} grades",
                        g.prices.len(),
                        g.ratio_per_mille.len(),
                        p.grades.len()
                    ));
                }
                for (price, ratio) in g.prices.iter().zip(&g.ratio_per_mille) {
                    match parse_price(price) {
                        Some(v) if v == i64::from(*ratio) && price.len() == 5 => {}
                        _ => out.push(format!(
                            "{at}: group {id}: price {price} is not 99.99 or not 10 yen × {ratio}/1000"
                        )),
                    }
                }
            }
            for (kind, g) in &period.kinds {
                if g != MUNICIPAL && !period.groups.contains_key(g) {
                    out.push(format!(
                        "{at}: kind {kind} names group {g}, which is not listed"
                    ));
                }
            }
            for kind in kinds {
                if !period.kinds.contains_key(kind) {
                    out.push(format!(
                        "{at}: service kind {kind} of the linkage scope has no price group"
                    ));
                }
            }
        }
        let l = &self.limits;
        periods(
            "limits.json",
            l.periods
                .iter()
                .map(|x| (x.from_month.as_str(), x.to_month.as_deref()))
                .collect(),
            &mut out,
        );
        for period in &l.periods {
            for level in levels {
                let municipal = l.municipal_levels.contains(level);
                if municipal == period.units.contains_key(level) {
                    out.push(format!(
                        "limits.json {}: care level {level} must have a limit, or be set by the municipality, not both or neither",
                        period.from_month
                    ));
                }
            }
            for (level, units) in &period.units {
                if !levels.contains(level) || *units <= 0 {
                    out.push(format!(
                        "limits.json {}: {level} = {units} is not a care level code with a positive limit",
                        period.from_month
                    ));
                }
            }
            if period.sources.is_empty() {
                out.push(format!("limits.json {}: no source", period.from_month));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_read_in_hundredths() {
        assert_eq!(parse_price("11.40"), Some(1140));
        assert_eq!(parse_price("10.9"), Some(1090));
        assert_eq!(parse_price("10"), Some(1000));
        for bad in [
            "",
            ".",
            "11.",
            "1.234",
            "-1.00",
            "123.00",
            "11,40",
            "１１.40",
        ] {
            assert_eq!(parse_price(bad), None, "{bad}");
        }
    }
}
