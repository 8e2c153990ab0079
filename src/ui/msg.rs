//! A catalog message kept as data, worded only when it is shown: its key
//! and its named variables (`msg!("key", name = value, …)`). `doctor`
//! collects its findings so, and `--json` prints their facts (the key, the
//! variables as strings and numbers) beside the sentence, which is in the
//! reader's language: a script matches on the facts, the same in every
//! language, and a person reads the sentence.
//!
//! A variable that is itself words (an error explained, a time in the
//! reader's zone) gives its fact separately: `error = text => fact`, where
//! the fact is a `serde_json::Value`, or `None` when there is no fact
//! beyond the words.

use serde_json::{Map, Value};

use super::catalog::{self, Arg};

/// A catalog message and its variables, not yet worded.
#[derive(Debug, Clone)]
pub struct Msg {
    /// The catalog key.
    pub key: &'static str,
    vars: Vec<Var>,
}

/// One named variable: what the sentence shows, and what JSON says of it.
#[derive(Debug, Clone)]
struct Var {
    name: &'static str,
    shown: Arg,
    fact: Option<Value>,
}

/// What JSON says of a variable.
#[derive(Debug, Clone)]
pub enum Fact {
    /// What the sentence shows (a number stays a number).
    Same,
    /// Its own fact (`msg!`'s `=> fact`), or none: only words.
    Given(Option<Value>),
}

/// What a variable is, in JSON: `msg!`'s `=> fact`.
pub trait IntoFact {
    /// The fact, or `None` when the variable is only words.
    fn into_fact(self) -> Option<Value>;
}
impl IntoFact for Value {
    fn into_fact(self) -> Option<Value> {
        Some(self)
    }
}
impl IntoFact for Option<Value> {
    fn into_fact(self) -> Option<Value> {
        self
    }
}

impl Msg {
    /// Message `key` with no variables yet.
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            vars: Vec::new(),
        }
    }

    /// Adds variable `name`, shown as `shown`, with its `fact`.
    #[must_use]
    pub fn var(mut self, name: &'static str, shown: Arg, fact: Fact) -> Msg {
        let fact = match fact {
            Fact::Same => Some(fact_of(&shown)),
            Fact::Given(fact) => fact,
        };
        self.vars.push(Var { name, shown, fact });
        self
    }

    /// The sentence, in the reader's language (parsed from the catalog
    /// now, when it is first needed).
    pub fn text(&self) -> String {
        let args: Vec<(&str, Arg)> = self
            .vars
            .iter()
            .map(|v| (v.name, v.shown.clone()))
            .collect();
        catalog::text(self.key, &args)
    }

    /// The variables as facts, by name (those that are only words left
    /// out): the same in every language.
    pub fn facts(&self) -> Map<String, Value> {
        self.vars
            .iter()
            .filter_map(|v| Some((v.name.to_owned(), v.fact.clone()?)))
            .collect()
    }
}

/// A shown variable as a fact: a whole number as an integer, any other
/// number as a float, text as a string.
fn fact_of(arg: &Arg) -> Value {
    match arg {
        #[allow(clippy::cast_possible_truncation)]
        Arg::Num(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Value::from(*n as i64),
        Arg::Num(n) => Value::from(*n),
        Arg::Str(s) => Value::from(s.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::lang::{Lang, with};
    use serde_json::json;

    #[test]
    fn a_message_is_worded_when_shown_and_its_facts_are_the_same_in_every_language() {
        let when = "2026-12-03T12:00:00Z";
        let m = msg!("cmd-doctor-expiring", days = 30_i64, names = "a, b");
        let agent = msg!("cmd-doctor-agent-unusable", error = "words" => None);
        let until = msg!("cmd-doctor-agent-unlocked", until = "12:00 MSK" => json!(when));
        let en = with(Lang::En, || m.text());
        let ru = with(Lang::Ru, || m.text());
        assert_eq!(en, "expiring within 30 days: a, b");
        assert!(ru.contains("30 дней") && ru.contains("a, b"), "{ru}");
        assert_eq!(
            serde_json::Value::Object(m.facts()),
            json!({"days": 30, "names": "a, b"})
        );
        assert!(agent.facts().is_empty());
        assert_eq!(
            serde_json::Value::Object(until.facts()),
            json!({ "until": when })
        );
    }
}
