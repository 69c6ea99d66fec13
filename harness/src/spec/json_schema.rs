//! The published JSON Schema of the revision data (`src/spec/schema/`),
//! and the small validator that applies it to a folder given on the
//! command line before anything reads it.
//!
//! The validator knows the keywords the two schemas use and nothing more
//! ([`KEYWORDS`]; a test fails on a schema that uses another). It follows
//! JSON Schema 2020-12 for them, and reports every error, each with the
//! JSON pointer of the value and what was expected. The tests hold it to a
//! reference implementation: the embedded revisions are valid under both,
//! and malformed drafts are rejected by both at the same pointers.

use serde_json::Value;

/// `revision.json`'s schema.
pub const REVISION_SCHEMA: &str = include_str!("schema/revision.schema.json");
/// Each `<KIND>.json`'s schema.
pub const KIND_SCHEMA: &str = include_str!("schema/kind.schema.json");

/// The keywords the validator applies or, for annotations, knows to pass over.
pub const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "$comment",
    "title",
    "description",
    "type",
    "enum",
    "const",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "minLength",
    "if",
    "then",
];

/// One value that breaks the schema: where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// RFC 6901 JSON pointer to the value (empty for the document).
    pub pointer: String,
    pub message: String,
}

/// Every error of `instance` under `schema` (a schema of the subset above),
/// in document order.
pub fn validate(schema: &Value, instance: &Value) -> Vec<SchemaError> {
    let mut out = Vec::new();
    let mut v = Validator {
        root: schema,
        out: &mut out,
        depth: 0,
    };
    v.check(schema, instance, &mut String::new(), None);
    out
}

/// Whether `instance` is valid under `schema`.
pub fn is_valid(schema: &Value, instance: &Value) -> bool {
    validate(schema, instance).is_empty()
}

struct Validator<'a> {
    root: &'a Value,
    out: &'a mut Vec<SchemaError>,
    /// `$ref`s followed, against a schema that refers to itself forever.
    depth: usize,
}

/// A pointer segment, escaped as RFC 6901 says (`~` → `~0`, `/` → `~1`).
fn segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A value as a message shows it: its type, and the value when it is short.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) if s.chars().count() <= 40 => format!("string {s:?}"),
        Value::String(_) => "a string".into(),
        Value::Array(a) => format!("an array of {}", a.len()),
        Value::Object(_) => "an object".into(),
    }
}

fn is_type(v: &Value, ty: &str) -> bool {
    match ty {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "number" => v.is_number(),
        // 2020-12: a number with a zero fractional part is an integer.
        "integer" => match v {
            Value::Number(n) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            _ => false,
        },
        _ => false,
    }
}

fn type_name(ty: &str) -> &str {
    match ty {
        "integer" => "an integer",
        "number" => "a number",
        "string" => "a string",
        "boolean" => "true or false",
        "array" => "an array",
        "object" => "an object",
        other => other,
    }
}

/// `"a"`, `"b"` or `null`, for an enum's values.
fn show(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// A close value among `candidates`, for "did you mean".
fn closest<'c>(found: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .map(|c| (strsim::levenshtein(found, c), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}

fn number(v: &Value) -> Option<f64> {
    v.as_f64()
}

impl<'a> Validator<'a> {
    fn error(&mut self, pointer: &str, message: String, note: Option<&str>) {
        let message = match note {
            Some(n) => format!("{message} ({n})"),
            None => message,
        };
        self.out.push(SchemaError {
            pointer: pointer.to_string(),
            message,
        });
    }

    fn resolve(&self, reference: &str) -> Option<&'a Value> {
        let path = reference.strip_prefix('#')?;
        let root: &'a Value = self.root;
        root.pointer(path)
    }

    /// Checks `v` (at `ptr`) against `schema`; `note` says why the schema
    /// applies when it is a `then` (its description).
    fn check(&mut self, schema: &Value, v: &Value, ptr: &mut String, note: Option<&str>) {
        let Some(s) = schema.as_object() else {
            if schema == &Value::Bool(false) {
                self.error(ptr, "no value is allowed here".into(), note);
            }
            return;
        };
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            match self.resolve(r) {
                Some(target) if self.depth < 64 => {
                    self.depth += 1;
                    self.check(target, v, ptr, note);
                    self.depth -= 1;
                }
                _ => self.error(
                    ptr,
                    format!("the schema's reference {r} does not resolve"),
                    note,
                ),
            }
        }
        if let Some(t) = s.get("type") {
            let types: Vec<&str> = match t {
                Value::String(t) => vec![t.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !types.iter().any(|ty| is_type(v, ty)) {
                let expected: Vec<&str> = types.iter().map(|t| type_name(t)).collect();
                self.error(
                    ptr,
                    format!("expected {}, found {}", expected.join(" or "), describe(v)),
                    note,
                );
                // The other keywords would only repeat that the type is wrong.
                return;
            }
        }
        if let Some(Value::Array(values)) = s.get("enum") {
            if !values.contains(v) {
                let listed = if values.len() <= 8 {
                    format!(
                        "one of {}",
                        values.iter().map(show).collect::<Vec<_>>().join(", ")
                    )
                } else {
                    format!("one of the {} values the schema lists", values.len())
                };
                let hint = v
                    .as_str()
                    .and_then(|f| closest(f, values.iter().filter_map(Value::as_str)))
                    .map(|c| format!("; did you mean {c:?}?"))
                    .unwrap_or_default();
                self.error(
                    ptr,
                    format!("expected {listed}, found {}{hint}", describe(v)),
                    note,
                );
            }
        }
        if let Some(c) = s.get("const") {
            if c != v {
                self.error(
                    ptr,
                    format!("expected {}, found {}", show(c), describe(v)),
                    note,
                );
            }
        }
        if let Value::Object(obj) = v {
            self.check_object(s, obj, ptr, note);
        }
        if let Value::Array(items) = v {
            self.check_array(s, items, ptr, note);
        }
        if let Some(x) = number(v) {
            if let Some(min) = s.get("minimum").and_then(number) {
                if x < min {
                    self.error(ptr, format!("expected at least {min}, found {x}"), note);
                }
            }
            if let Some(max) = s.get("maximum").and_then(number) {
                if x > max {
                    self.error(ptr, format!("expected at most {max}, found {x}"), note);
                }
            }
        }
        if let (Some(text), Some(min)) = (v.as_str(), s.get("minLength").and_then(Value::as_u64)) {
            let n = text.chars().count() as u64;
            if n < min {
                self.error(
                    ptr,
                    format!("expected at least {min} characters, found {n}"),
                    note,
                );
            }
        }
        if let (Some(cond), Some(then)) = (s.get("if"), s.get("then")) {
            if is_valid_at(self.root, cond, v) {
                let why = then.get("description").and_then(Value::as_str).or(note);
                self.check(then, v, ptr, why);
            }
        }
    }

    fn check_object(
        &mut self,
        s: &serde_json::Map<String, Value>,
        obj: &serde_json::Map<String, Value>,
        ptr: &mut String,
        note: Option<&str>,
    ) {
        if let Some(Value::Array(req)) = s.get("required") {
            for name in req.iter().filter_map(Value::as_str) {
                if !obj.contains_key(name) {
                    self.error(ptr, format!("missing property `{name}`"), note);
                }
            }
        }
        let props = s.get("properties").and_then(Value::as_object);
        let len = ptr.len();
        for (key, value) in obj {
            ptr.push('/');
            ptr.push_str(&segment(key));
            match props.and_then(|p| p.get(key)) {
                Some(sub) => self.check(sub, value, ptr, note),
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        ptr.truncate(len);
                        let hint = props
                            .and_then(|p| closest(key, p.keys().map(String::as_str)))
                            .map(|c| format!("; did you mean `{c}`?"))
                            .unwrap_or_default();
                        self.error(ptr, format!("unexpected property `{key}`{hint}"), note);
                    }
                    Some(sub @ Value::Object(_)) => self.check(sub, value, ptr, note),
                    _ => {}
                },
            }
            ptr.truncate(len);
        }
    }

    fn check_array(
        &mut self,
        s: &serde_json::Map<String, Value>,
        items: &[Value],
        ptr: &mut String,
        note: Option<&str>,
    ) {
        let n = items.len() as u64;
        if let Some(min) = s.get("minItems").and_then(Value::as_u64) {
            if n < min {
                self.error(
                    ptr,
                    format!("expected at least {min} items, found {n}"),
                    note,
                );
            }
        }
        if let Some(max) = s.get("maxItems").and_then(Value::as_u64) {
            if n > max {
                self.error(
                    ptr,
                    format!("expected at most {max} items, found {n}"),
                    note,
                );
            }
        }
        if s.get("uniqueItems") == Some(&Value::Bool(true)) {
            if let Some((i, j)) = (0..items.len())
                .find_map(|j| (0..j).find(|&i| items[i] == items[j]).map(|i| (i, j)))
            {
                self.error(
                    ptr,
                    format!(
                        "expected unique items; item {j} repeats item {i} ({})",
                        describe(&items[j])
                    ),
                    note,
                );
            }
        }
        let prefix: &[Value] = s
            .get("prefixItems")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice);
        let len = ptr.len();
        for (i, item) in items.iter().enumerate() {
            let sub = match prefix.get(i) {
                Some(p) => Some(p),
                None => s.get("items"),
            };
            if let Some(sub) = sub {
                ptr.push('/');
                ptr.push_str(&i.to_string());
                self.check(sub, item, ptr, note);
                ptr.truncate(len);
            }
        }
    }
}

/// Whether `v` is valid under `schema`, a part of `root` (for `if`).
fn is_valid_at(root: &Value, schema: &Value, v: &Value) -> bool {
    let mut out = Vec::new();
    let mut val = Validator {
        root,
        out: &mut out,
        depth: 0,
    };
    val.check(schema, v, &mut String::new(), None);
    out.is_empty()
}

/// The two published schemas, parsed.
pub fn schemas() -> (Value, Value) {
    let parse = |t: &str| serde_json::from_str(t).unwrap_or(Value::Bool(true));
    (parse(REVISION_SCHEMA), parse(KIND_SCHEMA))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every keyword of the published schemas is one the validator knows.
    #[test]
    fn the_schemas_use_only_keywords_the_validator_knows() {
        fn walk(v: &Value, at: &str, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => {
                    for (k, sub) in m {
                        // Property names and $defs names are not keywords.
                        let names = k == "properties" || k == "$defs";
                        if !names && !KEYWORDS.contains(&k.as_str()) {
                            out.push(format!("{at}/{k}"));
                        }
                        match (names, sub) {
                            (true, Value::Object(m)) => {
                                for (n, s) in m {
                                    walk(s, &format!("{at}/{k}/{n}"), out);
                                }
                            }
                            // Values, not schemas.
                            (false, Value::Object(_) | Value::Array(_))
                                if !matches!(k.as_str(), "enum" | "const" | "required") =>
                            {
                                walk(sub, &format!("{at}/{k}"), out);
                            }
                            _ => {}
                        }
                    }
                }
                Value::Array(a) => {
                    for (i, s) in a.iter().enumerate() {
                        walk(s, &format!("{at}/{i}"), out);
                    }
                }
                _ => {}
            }
        }
        let (r, k) = schemas();
        assert!(r.is_object() && k.is_object(), "both schemas parse");
        let mut unknown = Vec::new();
        walk(&r, "revision.schema.json#", &mut unknown);
        walk(&k, "kind.schema.json#", &mut unknown);
        assert_eq!(unknown, Vec::<String>::new());
    }

    #[test]
    fn each_position_of_a_layout_fixes_its_field_no() {
        let (_, k) = schemas();
        let fields = &k["properties"]["fields"];
        let prefix = fields["prefixItems"].as_array().unwrap();
        assert_eq!(Some(prefix.len() as u64), fields["maxItems"].as_u64());
        for (i, p) in prefix.iter().enumerate() {
            assert_eq!(p["$ref"], "#/$defs/field");
            assert_eq!(p["properties"]["no"]["const"], json!(i + 1), "position {i}");
        }
    }

    #[test]
    fn errors_name_the_pointer_and_what_was_expected() {
        let schema = json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["a", "b"],
            "properties": {
                "a": {"type": ["integer", "null"], "minimum": 0},
                "b": {"enum": ["fixed", "max"]},
                "c/d": {"type": "array", "items": {"type": "string"}, "uniqueItems": true},
                "e": {"type": "object", "if": {"required": ["t"], "properties": {"t": {"const": "code"}}},
                      "then": {"required": ["codes"], "description": "a code field has codes"}}
            }
        });
        let doc =
            json!({"a": "6", "b": "fix", "c/d": ["x", 1, "x"], "e": {"t": "code"}, "lenght": 1});
        let got: Vec<String> = validate(&schema, &doc)
            .into_iter()
            .map(|e| format!("{}: {}", e.pointer, e.message))
            .collect();
        assert_eq!(
            got,
            [
                "/a: expected an integer or null, found string \"6\"",
                "/b: expected one of \"fixed\", \"max\", found string \"fix\"; did you mean \"fixed\"?",
                "/c~1d: expected unique items; item 2 repeats item 0 (string \"x\")",
                "/c~1d/1: expected a string, found number 1",
                "/e: missing property `codes` (a code field has codes)",
                ": unexpected property `lenght`",
            ]
        );
        assert!(is_valid(&schema, &json!({"a": 6.0, "b": "max"})));
        assert!(!is_valid(&schema, &json!({"a": 6.5, "b": "max"})));
        assert!(!is_valid(&schema, &json!({"a": -1, "b": "max"})));
    }
}
