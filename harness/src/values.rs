//! Value grammars shared by the name and field rules: dates, months, times,
//! office numbers, insurer numbers.

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn num(s: &str) -> u32 {
    s.parse().unwrap_or(0)
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
}
