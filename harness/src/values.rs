//! Value grammars shared by the name and field rules: dates, months, times,
//! office numbers, insurer numbers.

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
}

/// Whether two values are the same. Values are mostly a few bytes, where
/// a call to `memcmp` costs more than the comparison: up to 16 bytes they
/// are compared as two words that may overlap.
#[inline]
pub fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let w8 = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or_default());
    let w4 = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or_default());
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4),
        8..=16 => w8(a, 0) == w8(b, 0) && w8(a, n - 8) == w8(b, n - 8),
        _ => a == b,
    }
}

pub fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

pub fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// YYYYMM with a month 01-12 (year 0001 or later).
pub fn is_yyyymm(s: &str) -> bool {
    s.len() == 6 && digits(s) && num(&s[..4]) >= 1 && (1..=12).contains(&num(&s[4..]))
}

/// YYYYMMDD forming a real Gregorian date.
pub fn is_date(s: &str) -> bool {
    if !(s.len() == 8 && digits(s)) {
        return false;
    }
    let (y, m, d) = (num(&s[..4]), num(&s[4..6]), num(&s[6..]));
    y >= 1 && d >= 1 && d <= days_in_month(y, m)
}

/// HHMM, 0000-2359.
pub fn is_hhmm(s: &str) -> bool {
    s.len() == 4 && digits(s) && num(&s[..2]) < 24 && num(&s[2..]) < 60
}

/// YYYYMMDDHHMMSS forming a real date and time.
pub fn is_timestamp(s: &str) -> bool {
    s.len() == 14
        && digits(s)
        && is_date(&s[..8])
        && num(&s[8..10]) < 24
        && num(&s[10..12]) < 60
        && num(&s[12..]) < 60
}

fn digit_sum(n: u32) -> u32 {
    let mut n = n;
    let mut s = 0;
    while n > 0 {
        s += n % 10;
        n /= 10;
    }
    s
}

/// The value of a character in the 事業所番号 check: digits as themselves,
/// letters A=10 … Z=32 skipping I, O and Q.
fn office_char_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' if !matches!(c, b'I' | b'O' | b'Q') => {
            let skipped = [b'I', b'O', b'Q'].iter().filter(|&&x| x < c).count() as u32;
            Some(10 + u32::from(c - b'A') - skipped)
        }
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Office {
    Valid,
    /// `9999999999`, the fixed value of 第7表 全合計 rows.
    Sentinel,
    /// The shape is right; the check digit should be the one given.
    BadCheckDigit(u32),
    Malformed,
}

/// The check digit a 9-character office-number body calls for.
pub fn office_check_digit(body: &[u8]) -> Option<u32> {
    let mut sum = 0;
    for (i, &c) in body.iter().rev().enumerate() {
        let w = if i % 2 == 0 { 2 } else { 1 };
        sum += digit_sum(office_char_value(c)? * w);
    }
    Some((10 - sum % 10) % 10)
}

/// A 介護保険事業所番号: 10 characters, digits except the 3rd (事業所区分),
/// which may be a capital letter other than I, O and Q; the 10th is a check digit.
pub fn office_number(s: &str) -> Office {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b.iter().enumerate().all(|(i, &c)| {
            c.is_ascii_digit()
                || (i == 2 && c.is_ascii_uppercase() && !matches!(c, b'I' | b'O' | b'Q'))
        });
    if !shape {
        return Office::Malformed;
    }
    if s == "9999999999" {
        return Office::Sentinel;
    }
    match office_check_digit(&b[..9]) {
        Some(d) if d == u32::from(b[9] - b'0') => Office::Valid,
        Some(d) => Office::BadCheckDigit(d),
        None => Office::Malformed,
    }
}

/// The check digit of a 保険者番号 body of five digits.
pub fn insurer_check_digit(body: &str) -> Option<u32> {
    if body.len() != 5 || !digits(body) {
        return None;
    }
    let sum: u32 = body
        .bytes()
        .zip([2, 1, 2, 1, 2])
        .map(|(c, w)| digit_sum(u32::from(c - b'0') * w))
        .sum();
    Some((10 - sum % 10) % 10)
}

/// 被保険者番号: 10 digits, or `H` and 9 digits (生活保護単独).
pub fn is_insured_number(s: &str) -> bool {
    (s.len() == 10 && digits(s)) || (s.len() == 10 && s.starts_with('H') && digits(&s[1..]))
}

/// Full-width ASCII (digits, letters, signs) as ASCII, and the ideographic
/// space as a space: what a writer's input method may have produced where
/// the standard wants ASCII.
pub fn to_ascii_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// The eras a 和暦 date may be written in, with the Gregorian year of their
/// first year: the names and their one-letter abbreviations.
const ERAS: &[(&str, char, u32)] = &[
    ("令和", 'R', 2019),
    ("平成", 'H', 1989),
    ("昭和", 'S', 1926),
    ("大正", 'T', 1912),
    ("明治", 'M', 1868),
];

/// A date written in another notation, as YYYYMMDD when it names a real
/// date: `2025/03/01`, `2025-3-1`, `2025年3月1日`, `令和7年3月25`,
/// `R7.3.25`, `S15.5.12`, with full-width digits or not. `None` for
/// anything else (8 digits included: those are YYYYMMDD already).
pub fn date_hint(v: &str) -> Option<String> {
    let t = to_ascii_width(v.trim());
    let (era_start, rest) = match ERAS.iter().find_map(|(name, letter, start)| {
        t.strip_prefix(name)
            .or_else(|| t.strip_prefix(*letter))
            .or_else(|| t.strip_prefix(letter.to_ascii_lowercase()))
            .map(|r| (Some(*start), r.to_string()))
    }) {
        Some(x) => x,
        None => (None, t.clone()),
    };
    let rest = rest.replacen("元", "1", 1);
    let parts: Vec<&str> = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 || rest.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n = |s: &str| s.parse::<u32>().ok();
    let (y, m, d) = (n(parts[0])?, n(parts[1])?, n(parts[2])?);
    let year = match era_start {
        Some(start) if (1..=64).contains(&y) => start + y - 1,
        Some(_) => return None,
        None if parts[0].len() == 4 => y,
        None => return None,
    };
    let out = format!("{year:04}{m:02}{d:02}");
    is_date(&out).then_some(out)
}

/// A time written in another notation, as HHMM when it names a real time:
/// `9:30`, `09:30:00`, `930`, `９：３０`.
pub fn time_hint(v: &str) -> Option<String> {
    let t = to_ascii_width(v.trim()).replace('：', ":");
    let out = if let Some((h, rest)) = t.split_once(':') {
        let m = rest.split(':').next().unwrap_or("");
        if h.is_empty() || h.len() > 2 || m.len() != 2 || !digits(h) || !digits(m) {
            return None;
        }
        format!("{:02}{m}", num(h))
    } else if t.len() == 3 && digits(&t) {
        format!("0{t}")
    } else {
        return None;
    };
    (out != t && is_hhmm(&out)).then_some(out)
}

/// Whether a value looks like a date in some notation (digits with
/// separators or an era), whether or not it names a real date.
pub fn looks_like_date(v: &str) -> bool {
    let t = to_ascii_width(v.trim());
    let has_digit = t.chars().any(|c| c.is_ascii_digit());
    has_digit
        && (ERAS.iter().any(|(name, _, _)| t.starts_with(name))
            || t.contains('年')
            || ((t.contains('/') || t.contains('-') || t.contains('.'))
                && t.chars().all(|c| {
                    c.is_ascii_digit() || matches!(c, '/' | '-' | '.' | 'R' | 'H' | 'S' | 'T' | 'M')
                })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar() {
        assert!(is_date("20240229"));
        assert!(!is_date("20250229"));
        assert!(!is_date("19000229"));
        assert!(is_date("20000229"));
        assert!(!is_date("20250431"));
        assert!(!is_date("2025043"));
        assert!(is_yyyymm("202504"));
        assert!(!is_yyyymm("202500"));
        assert!(!is_yyyymm("202513"));
        assert!(is_hhmm("2359"));
        assert!(!is_hhmm("2400"));
        assert!(!is_hhmm("0960"));
        assert!(is_timestamp("20250325093000"));
        assert!(!is_timestamp("20250325240000"));
    }

    #[test]
    fn insurer_check_digits_from_the_readme() {
        assert_eq!(insurer_check_digit("12219"), Some(2));
        assert_eq!(insurer_check_digit("43507"), Some(3));
        assert_eq!(insurer_check_digit("12345"), Some(5)); // so 123456 fails
        assert_eq!(insurer_check_digit("13101"), Some(1));
    }

    #[test]
    fn office_numbers() {
        assert_eq!(office_number("0310400015"), Office::Valid);
        assert_eq!(office_number("0310400010"), Office::BadCheckDigit(5));
        assert_eq!(office_number("13A1700049"), Office::Valid);
        assert_eq!(office_number("13I1700049"), Office::Malformed);
        assert_eq!(office_number("9999999999"), Office::Sentinel);
        assert_eq!(office_number("031040001"), Office::Malformed);
        // The standard's own example fails the check digit.
        assert_eq!(office_number("0300000100"), Office::BadCheckDigit(6));
        assert_eq!(office_char_value(b'A'), Some(10));
        assert_eq!(office_char_value(b'H'), Some(17));
        assert_eq!(office_char_value(b'J'), Some(18));
        assert_eq!(office_char_value(b'P'), Some(23));
        assert_eq!(office_char_value(b'R'), Some(24));
        assert_eq!(office_char_value(b'Z'), Some(32));
    }

    #[test]
    fn insured_numbers() {
        assert!(is_insured_number("0001234567"));
        assert!(is_insured_number("H123456789"));
        assert!(!is_insured_number("h123456789"));
        assert!(!is_insured_number("H12345678"));
        assert!(!is_insured_number("000123456"));
    }

    #[test]
    fn dates_and_times_in_other_notations() {
        assert_eq!(date_hint("2025/03/01").as_deref(), Some("20250301"));
        assert_eq!(date_hint("2025/4/1").as_deref(), Some("20250401"));
        assert_eq!(date_hint("2025-03-25").as_deref(), Some("20250325"));
        assert_eq!(date_hint("令和7年3月25").as_deref(), Some("20250325"));
        assert_eq!(date_hint("令和７年３月２５日").as_deref(), Some("20250325"));
        assert_eq!(date_hint("S15.5.12").as_deref(), Some("19400512"));
        assert_eq!(date_hint("平成元年1月8日").as_deref(), Some("19890108"));
        assert_eq!(date_hint("20250301"), None);
        assert_eq!(date_hint("2025/02/30"), None);
        assert_eq!(date_hint("見本"), None);
        assert_eq!(time_hint("9:30").as_deref(), Some("0930"));
        assert_eq!(time_hint("905").as_deref(), Some("0905"));
        assert_eq!(time_hint("09:30:00").as_deref(), Some("0930"));
        assert_eq!(time_hint("0930"), None);
        assert!(looks_like_date("令和7年3月25"));
        assert!(looks_like_date("2025/03/01"));
        assert!(!looks_like_date("見本 花子"));
        assert!(!looks_like_date("1,244"));
        assert_eq!(to_ascii_width("要介護２"), "要介護2");
    }
}
