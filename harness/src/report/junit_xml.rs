//! JUnit XML, written in one place for every report that uses it (`check
//! --junit`, `run`, `regress`, `certify`).
//!
//! The layout is the Ant JUnit format that CI systems read, as its common
//! schema defines it (`tests/data/junit.xsd`): `<testsuites>` without
//! attributes, holding `<testsuite>`s with `id`, `package`, `name`, a
//! timestamp without a time zone, `hostname`, the counts and `time`; each
//! with `<properties>`, its `<testcase>`s, `<system-out>` and
//! `<system-err>`, all required. The JUnit crates do not write that: neither
//! junit-report 0.9 (no `<properties>`, a timestamp with a zone, control
//! characters and `]]>` written raw, which makes the XML ill-formed) nor
//! quick-junit 0.8 (attributes on `<testsuites>`, no `id`, `package`,
//! `hostname` or `time`). Reports are deterministic: times are 0 and the
//! timestamp is the one given.

/// A whole report: its test suites, in order.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub suites: Vec<Suite>,
}

#[derive(Debug, Clone, Default)]
pub struct Suite {
    pub name: String,
    pub package: String,
    /// `YYYY-MM-DDTHH:MM:SS`, no time zone.
    pub timestamp: String,
    pub properties: Vec<(String, String)>,
    pub cases: Vec<Case>,
    pub system_out: String,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub classname: String,
    pub outcome: Outcome,
}

/// How a test case ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Passed,
    /// An assertion failed: the failure's type, one-line message and text.
    Failure {
        kind: String,
        message: String,
        text: String,
    },
    /// The test could not run (a path that could not be read).
    Error {
        kind: String,
        message: String,
    },
    Skipped {
        message: String,
    },
}

impl Suite {
    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.cases.iter().filter(|c| f(&c.outcome)).count()
    }
}

impl Report {
    /// The report as XML, UTF-8, one element per line down to the test cases.
    pub fn to_xml(&self) -> String {
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
        for (id, s) in self.suites.iter().enumerate() {
            x.push_str(&format!(
                "  <testsuite id=\"{id}\" package=\"{}\" name=\"{}\" timestamp=\"{}\" hostname=\"localhost\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"0\">\n",
                xml_text(&s.package),
                xml_text(&s.name),
                xml_text(&s.timestamp),
                s.cases.len(),
                s.count(|o| matches!(o, Outcome::Failure { .. })),
                s.count(|o| matches!(o, Outcome::Error { .. })),
                s.count(|o| matches!(o, Outcome::Skipped { .. })),
            ));
            x.push_str("    <properties>\n");
            for (k, v) in &s.properties {
                x.push_str(&format!(
                    "      <property name=\"{}\" value=\"{}\"/>\n",
                    xml_text(k),
                    xml_text(v)
                ));
            }
            x.push_str("    </properties>\n");
            for c in &s.cases {
                x.push_str(&format!(
                    "    <testcase name=\"{}\" classname=\"{}\" time=\"0\"",
                    xml_text(&c.name),
                    xml_text(&c.classname)
                ));
                match &c.outcome {
                    Outcome::Passed => x.push_str("/>\n"),
                    Outcome::Failure {
                        kind,
                        message,
                        text,
                    } => x.push_str(&format!(
                        "><failure type=\"{}\" message=\"{}\">{}</failure></testcase>\n",
                        xml_text(kind),
                        xml_text(message),
                        xml_text(text)
                    )),
                    Outcome::Error { kind, message } => x.push_str(&format!(
                        "><error type=\"{}\" message=\"{}\"/></testcase>\n",
                        xml_text(kind),
                        xml_text(message)
                    )),
                    Outcome::Skipped { message } => x.push_str(&format!(
                        "><skipped message=\"{}\"/></testcase>\n",
                        xml_text(message)
                    )),
                }
            }
            x.push_str(&format!(
                "    <system-out>{}</system-out>\n    <system-err></system-err>\n  </testsuite>\n",
                xml_text(&s.system_out)
            ));
        }
        x.push_str("</testsuites>\n");
        x
    }
}

/// Text safe for XML 1.0: markup characters escaped, and characters XML
/// cannot hold at all (control characters, including ESC of ANSI colours)
/// written as `\u{XXXX}`.
pub fn xml_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(c),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20
                || (0x7F..0xA0).contains(&(c as u32))
                || c == '\u{FFFE}'
                || c == '\u{FFFF}' =>
            {
                out.push_str(&format!("\\u{{{:04X}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(xml_text("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(
            xml_text("\u{1b}[31mred\u{1b}[0m"),
            "\\u{001B}[31mred\\u{001B}[0m"
        );
        assert_eq!(xml_text("x\u{0}y\r\n"), "x\\u{0000}y&#13;\n");
        assert_eq!(xml_text("第7表"), "第7表");
        assert_eq!(xml_text("]]>"), "]]&gt;");
    }

    #[test]
    fn counts_come_from_the_cases_and_every_required_element_is_written() {
        let case = |name: &str, outcome| Case {
            name: name.into(),
            classname: "g".into(),
            outcome,
        };
        let r = Report {
            suites: vec![
                Suite {
                    name: "g".into(),
                    package: "p".into(),
                    timestamp: "2026-01-01T00:00:00".into(),
                    properties: vec![("k".into(), "v<".into())],
                    cases: vec![
                        case("a", Outcome::Passed),
                        case(
                            "b",
                            Outcome::Failure {
                                kind: "t".into(),
                                message: "m".into(),
                                text: "x\ny".into(),
                            },
                        ),
                        case(
                            "c",
                            Outcome::Error {
                                kind: "io".into(),
                                message: "e".into(),
                            },
                        ),
                        case(
                            "d",
                            Outcome::Skipped {
                                message: "s".into(),
                            },
                        ),
                    ],
                    system_out: "out".into(),
                },
                Suite {
                    name: "empty".into(),
                    ..Default::default()
                },
            ],
        };
        assert_eq!(
            r.to_xml(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<testsuites>
  <testsuite id=\"0\" package=\"p\" name=\"g\" timestamp=\"2026-01-01T00:00:00\" hostname=\"localhost\" tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"0\">
    <properties>
      <property name=\"k\" value=\"v&lt;\"/>
    </properties>
    <testcase name=\"a\" classname=\"g\" time=\"0\"/>
    <testcase name=\"b\" classname=\"g\" time=\"0\"><failure type=\"t\" message=\"m\">x
y</failure></testcase>
    <testcase name=\"c\" classname=\"g\" time=\"0\"><error type=\"io\" message=\"e\"/></testcase>
    <testcase name=\"d\" classname=\"g\" time=\"0\"><skipped message=\"s\"/></testcase>
    <system-out>out</system-out>
    <system-err></system-err>
  </testsuite>
  <testsuite id=\"1\" package=\"\" name=\"empty\" timestamp=\"\" hostname=\"localhost\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\">
    <properties>
    </properties>
    <system-out></system-out>
    <system-err></system-err>
  </testsuite>
</testsuites>
"
        );
    }
}
