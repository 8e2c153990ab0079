//! chopvault in Russian: help, usage errors, one error path per store,
//! plural forms in `status`, the man page, and which variable decides the
//! language. (The login guide and Yandex's own words: `yandex.rs`; exact
//! texts: the `ru-*` case files of `messages.rs`.)

use crate::common;

use common::{Sandbox, TOKEN};

/// Runs chopvault in `sb` with extra variables; (code, stdout, stderr).
fn run_with(
    sb: &Sandbox,
    vars: &[(&str, &str)],
    args: &[&str],
    stdin: &str,
) -> (i32, String, String) {
    let mut cmd = sb.cmd();
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.args(args).write_stdin(stdin).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const RU: &[(&str, &str)] = &[("CHOPVAULT_LANG", "ru")];

#[test]
fn help_is_russian_with_options_kept() {
    let sb = Sandbox::new();
    let (code, out, _) = run_with(&sb, RU, &["--help"], "");
    assert_eq!(code, 0);
    for words in [
        "Использование: chopvault [ПАРАМЕТРЫ] <КОМАНДА>",
        "Команды:",
        "Параметры:",
        "Показать справку",
        "Коды выхода:",
        "--vault <FILE>",
        "[переменная: CHOPVAULT_VAULT=]",
    ] {
        assert!(out.contains(words), "{words} not in:\n{out}");
    }
    for english in [
        "Usage:",
        "Options:",
        "Commands:",
        "Print help",
        "[env:",
        "[default:",
        "Exit codes",
    ] {
        assert!(!out.contains(english), "{english} in:\n{out}");
    }

    let (code, out, _) = run_with(&sb, RU, &["export", "--help"], "");
    assert_eq!(code, 0);
    assert!(
        out.contains("Записать DIR/token.txt только на время работы установщика"),
        "{out}"
    );
    assert!(out.contains("[по умолчанию: token.txt]"), "{out}");
    assert!(out.contains("Аргументы:"), "{out}");

    // `help get` says the same as `get --help`.
    let (_, a, _) = run_with(&sb, RU, &["help", "get"], "");
    let (_, b, _) = run_with(&sb, RU, &["get", "--help"], "");
    assert_eq!(a, b);

    // No command at all: the help, on stderr, exit 2, as in English.
    let (code, _, err) = run_with(&sb, RU, &[], "");
    assert_eq!(code, 2);
    assert!(err.contains("Использование:"), "{err}");

    // The version is the same in every language.
    let (_, ru, _) = run_with(&sb, RU, &["--version"], "");
    let (_, en, _) = run_with(&sb, &[], &["--version"], "");
    assert_eq!(ru, en);
}

#[test]
fn usage_errors_are_russian_and_hide_what_may_be_a_secret() {
    let sb = Sandbox::new();
    let (code, _, err) = run_with(&sb, RU, &["get"], "");
    assert_eq!(code, 2);
    assert!(
        err.starts_with("ошибка: не указаны обязательные аргументы: <NAME>"),
        "{err}"
    );
    assert!(err.contains("Использование: chopvault get <NAME>"), "{err}");
    assert!(err.contains("подсказка:"), "{err}");

    let (code, _, err) = run_with(&sb, RU, &["init", "--store", "nope"], "");
    assert_eq!(code, 2);
    assert!(
        err.contains("недопустимое значение 'nope' для '--store <STORE>'"),
        "{err}"
    );
    assert!(err.contains("auto, keyring, file, openbao"), "{err}");

    let (code, _, err) = run_with(&sb, RU, &["lsit"], "");
    assert_eq!(code, 2);
    assert!(err.contains("нет такой команды: 'lsit'"), "{err}");
    assert!(
        err.contains("совет: похожие: ") && err.contains("'list'"),
        "{err}"
    );

    // A token typed as an argument is still not echoed, in Russian.
    let (code, _, err) = run_with(&sb, RU, &["set", "yd", TOKEN], "");
    assert_eq!(code, 2);
    assert!(!err.contains(TOKEN), "{err}");
    assert!(err.contains("он не показан"), "{err}");
}

#[test]
fn one_error_path_per_store_is_russian() {
    // The age-file store: no such entry.
    let sb = Sandbox::new();
    sb.init_identity();
    let (code, _, err) = run_with(&sb, RU, &["get", "nope"], "");
    assert_eq!(code, 3);
    assert_eq!(
        err,
        "chopvault: ошибка: записи с именем 'nope' нет\nподсказка: Список записей: chopvault list\n"
    );

    // The keyring store, with no Secret Service to reach.
    let sb = Sandbox::new();
    let (code, _, err) = run_with(
        &sb,
        &[
            ("CHOPVAULT_LANG", "ru"),
            ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent"),
        ],
        &["init", "--store", "keyring"],
        "",
    );
    assert_eq!(code, 4, "{err}");
    assert!(
        err.starts_with("chopvault: ошибка: связка ключей недоступна"),
        "{err}"
    );
    assert!(
        err.contains("подсказка: Запустите и разблокируйте связку ключей"),
        "{err}"
    );

    // The OpenBao store, with nothing listening.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("http://127.0.0.1:{port}");
    let (code, _, err) = run_with(
        &sb,
        &[("CHOPVAULT_LANG", "ru"), ("BAO_TOKEN", "s.notreal")],
        &["init", "--store", "openbao", "--addr", &addr],
        "",
    );
    assert_eq!(code, 4, "{err}");
    assert!(
        err.contains(&format!("chopvault: ошибка: OpenBao на {addr} недоступен")),
        "{err}"
    );
    assert!(
        err.contains("подсказка: Проверьте, что сервер работает"),
        "{err}"
    );
}

#[test]
fn status_counts_days_with_russian_plural_forms() {
    let sb = Sandbox::new();
    sb.init_identity();
    let now = jiff::Timestamp::now();
    for (name, days) in [("a1", 1), ("a2", 2), ("a5", 5), ("a21", 21), ("a112", 112)] {
        let at = now + jiff::SignedDuration::from_hours(24 * days - 2);
        let (code, _, err) = run_with(
            &sb,
            &[],
            &[
                "set",
                name,
                "--kind",
                "generic",
                "--stdin",
                "--expires",
                &at.to_string(),
            ],
            "value",
        );
        assert_eq!(code, 0, "{err}");
    }
    let (_, out, _) = run_with(&sb, RU, &["status"], "");
    for line in [
        "a1: generic — истекает через 1 день",
        "a2: generic — истекает через 2 дня",
        "a5: generic — истекает через 5 дней",
        "a21: generic — истекает через 21 день",
        "a112: generic — истекает через 112 дней",
        "записей:  5",
    ] {
        assert!(out.contains(line), "{line} not in:\n{out}");
    }
    assert!(
        out.contains("[срок на исходе]") && out.contains("[в порядке]"),
        "{out}"
    );
    let (_, out, _) = run_with(&sb, &[], &["status"], "");
    assert!(out.contains("a1: generic - expires in 1 day ("), "{out}");
    assert!(out.contains("a5: generic - expires in 5 days ("), "{out}");

    // History's event words are words too; the event log keeps its own.
    let (_, out, _) = run_with(&sb, RU, &["history", "a1"], "");
    assert!(out.contains("  задано  "), "{out}");
    let (_, out, _) = run_with(&sb, RU, &["history", "a1", "--json"], "");
    assert!(out.contains(r#""event": "set""#), "{out}");
}

#[test]
fn chopvault_lang_comes_first_then_the_locale_variables() {
    let sb = Sandbox::new();
    let said = |vars: &[(&str, &str)]| run_with(&sb, vars, &["list"], "").2;
    let russian = "chopvault: ошибка: хранилище ещё не настроено\n";
    let english = "chopvault: error: no store is set up yet\n";
    assert!(said(&[("LANG", "ru_RU.UTF-8")]).starts_with(russian));
    assert!(said(&[("LANG", "en_US.UTF-8"), ("CHOPVAULT_LANG", "ru")]).starts_with(russian));
    assert!(said(&[("LANG", "ru_RU.UTF-8"), ("CHOPVAULT_LANG", "en")]).starts_with(english));
    assert!(said(&[("LANG", "ru_RU.UTF-8"), ("LC_ALL", "C")]).starts_with(english));
    assert!(said(&[("LANG", "C"), ("LC_MESSAGES", "ru_RU.UTF-8")]).starts_with(russian));
    assert!(said(&[("LC_ALL", "POSIX"), ("LC_MESSAGES", "ru_RU.UTF-8")]).starts_with(english));
    assert!(said(&[]).starts_with(english));
}

/// The fields of `--json` output that are for people, in the reader's
/// language (README's "JSON output"): (command, path to the field, `[]`
/// for each element of an array). Everything else is facts.
const FOR_PEOPLE: &[(&str, &[&str])] = &[
    ("status", &["store", "location"]),
    ("list", &["store", "location"]),
    ("check", &["entries", "[]", "text"]),
    ("doctor", &["checks", "[]", "what"]),
    ("doctor", &["checks", "[]", "fix"]),
];

/// The values at `path` in `v` (each element of an array at `[]`), taken
/// out of it.
fn take(v: &mut serde_json::Value, path: &[&str]) -> Vec<serde_json::Value> {
    match path {
        [] => vec![v.take()],
        ["[]", rest @ ..] => v
            .as_array_mut()
            .map(|a| a.iter_mut().flat_map(|e| take(e, rest)).collect())
            .unwrap_or_default(),
        [key, rest @ ..] => v.get_mut(*key).map(|e| take(e, rest)).unwrap_or_default(),
    }
}

fn cyrillic(s: &str) -> bool {
    s.chars()
        .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)))
}

#[test]
fn json_and_exit_codes_do_not_change_with_the_language() {
    let sb = Sandbox::new();
    sb.init_identity();
    let (_, _, err) = run_with(
        &sb,
        &[],
        &["set", "yd", "--stdin", "--expires", "2020-01-01", "--force"],
        TOKEN,
    );
    assert!(err.contains("stored"), "{err}");
    for args in [
        &["status", "--json"][..],
        &["check", "--json"],
        &["doctor", "--json"],
        &["get", "yd", "--json"],
        &["list", "--json"],
        &["history", "yd", "--json"],
        &["recipients", "list", "--json"],
    ] {
        let (en_code, en, en_err) = run_with(&sb, &[], args, "");
        let (ru_code, ru, ru_err) = run_with(&sb, RU, args, "");
        assert_eq!(en_code, ru_code, "{args:?}: {en_err}{ru_err}");
        let mut en: serde_json::Value = serde_json::from_str(&en).expect(&en);
        let mut ru: serde_json::Value = serde_json::from_str(&ru).expect(&ru);
        let mut words = 0;
        for (command, path) in FOR_PEOPLE.iter().filter(|(c, _)| *c == args[0]) {
            let en_said = take(&mut en, path);
            let ru_said = take(&mut ru, path);
            assert_eq!(en_said.len(), ru_said.len(), "{command} {path:?}");
            // The words are the reader's: Russian here, English there
            // (a keyring's or a server's location; a file store's is its
            // path, the same in both).
            for (e, r) in en_said.iter().zip(&ru_said) {
                let (Some(e), Some(r)) = (e.as_str(), r.as_str()) else {
                    assert!(e.is_null() && r.is_null(), "{command} {path:?}: {e} {r}");
                    continue;
                };
                words += 1;
                if !["status", "list"].contains(command) {
                    assert!(
                        cyrillic(r) && !cyrillic(e),
                        "{command} {path:?}: {e:?} / {r:?}"
                    );
                }
            }
        }
        if ["check", "doctor"].contains(&args[0]) {
            assert!(words > 0, "{args:?}: no words to compare");
        }
        // The facts do not change with the language.
        assert_eq!(en, ru, "{args:?}");
    }

    // Where the store is, as facts beside the words (a keyring's or a
    // server's location is a sentence).
    for command in ["status", "list"] {
        let (_, out, _) = run_with(&sb, &[], &[command, "--json"], "");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(v["store"]["where"].is_object(), "{command}: {v}");
    }

    // doctor: every check has a stable id, a status word and its facts.
    let (code, doctor, _) = run_with(&sb, &[], &["doctor", "--json"], "");
    assert_eq!(code, 1, "an expired token fails a check");
    let doctor: serde_json::Value = serde_json::from_str(&doctor).unwrap();
    let checks = doctor["checks"].as_array().unwrap();
    let ids: Vec<&str> = checks.iter().map(|c| c["id"].as_str().unwrap()).collect();
    for c in checks {
        let id = c["id"].as_str().unwrap();
        assert!(
            id.split('-').all(|w| !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "{id}"
        );
        assert!(
            ["ok", "warn", "fail"].contains(&c["status"].as_str().unwrap()),
            "{c}"
        );
        assert!(c["args"].is_object(), "{c}");
    }
    let distinct: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(distinct.len(), ids.len(), "{ids:?}");
    let expired = checks
        .iter()
        .find(|c| c["id"] == "expired")
        .expect("the expired check");
    assert_eq!(expired["status"], "fail");
    assert_eq!(expired["args"]["names"], serde_json::json!(["yd"]));
    let store = checks
        .iter()
        .find(|c| c["id"] == "store")
        .expect("the store check");
    assert_eq!(store["args"]["kind"], "file");
    assert_eq!(
        store["args"]["location"]["vault"]
            .as_str()
            .map(std::path::PathBuf::from),
        Some(sb.vault())
    );
    let (code, _, _) = run_with(&sb, RU, &["status"], "");
    assert_eq!(code, 11);

    // `--json` among an installer's own arguments is the installer's.
    let deploy = sb.path("deploy");
    std::fs::create_dir(&deploy).unwrap();
    let (code, _, err) = run_with(
        &sb,
        RU,
        &[
            "export",
            "yd",
            "--allow-expired",
            "--dir",
            deploy.to_str().unwrap(),
            "--",
            "true",
            "--json",
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("удалён"), "{err}");
}

#[test]
fn the_man_page_is_russian() {
    let sb = Sandbox::new();
    let (code, out, _) = run_with(&sb, RU, &["man"], "");
    assert_eq!(code, 0);
    for words in [
        ".SH \"ОБЗОР\"",
        ".SH \"ОПИСАНИЕ\"",
        ".SH \"ФАЙЛЫ\"",
        ".SH \"КОДЫ ВЫХОДА\"",
        "Также можно задать переменной окружения",
    ] {
        assert!(out.contains(words), "{words} not in the page");
    }
    for english in [
        ".SH SYNOPSIS",
        ".SH \"FILES\"",
        "May also be specified",
        "EXIT STATUS",
    ] {
        assert!(!out.contains(english), "{english} in the page");
    }
}

#[test]
fn completions_describe_in_russian_and_complete_the_same_words() {
    let sb = Sandbox::new();
    let (_, fish, _) = run_with(&sb, RU, &["completions", "fish"], "");
    assert!(fish.contains("-a \"rm\" -d 'Удалить запись'"), "{fish}");
    assert!(!fish.contains("-d 'Remove an entry'"), "{fish}");
    // bash has no descriptions: the same words complete, in any order.
    let (_, ru, _) = run_with(&sb, RU, &["completions", "bash"], "");
    let (_, en, _) = run_with(&sb, &[], &["completions", "bash"], "");
    let words = |s: &str| {
        s.lines()
            .map(|l| {
                let l = l.replace('"', " ");
                let mut w: Vec<&str> = l.split_whitespace().collect();
                w.sort_unstable();
                w.join(" ")
            })
            .collect::<Vec<_>>()
    };
    let (ru, en) = (words(&ru), words(&en));
    let differ: Vec<_> = ru.iter().zip(&en).filter(|(a, b)| a != b).collect();
    assert!(ru.len() == en.len() && differ.is_empty(), "{differ:?}");
}

/// The names that stay as they are in Russian: the words of the catalog's
/// terms whose Russian value is the English one (`-chopvault = chopvault`),
/// as the catalog's unit test allows them.
#[path = "../../src/ui/i18n/english.rs"]
mod english;

fn names() -> std::collections::BTreeSet<String> {
    let terms = |source: &str| -> std::collections::BTreeMap<String, String> {
        source
            .lines()
            .filter_map(|l| l.strip_prefix('-')?.split_once(" = "))
            .filter(|(_, value)| !value.contains('{'))
            .map(|(id, value)| (id.to_owned(), value.to_owned()))
            .collect()
    };
    let en = terms(include_str!("../../src/ui/i18n/en.ftl"));
    terms(include_str!("../../src/ui/i18n/ru.ftl"))
        .into_iter()
        .filter(|(id, value)| en.get(id) == Some(value))
        .flat_map(|(_, value)| {
            value
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Latin words of `text` that are not on chopvault's list of technical
/// words nor a name (the same list and rule as the catalog's unit test):
/// English left in Russian.
fn english_words(text: &str) -> Vec<String> {
    english::english_words(text, &names())
}

/// A word said twice in a row (`скоро истекает истекает`, `истёк ИСТЁК`).
fn stutters(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        // Only words with nothing but a space between them: «хранилище,
        // хранилище без подписи» is a list, not a stutter.
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            let joined = pair[0].ends_with(|c: char| c.is_alphabetic())
                && pair[1].starts_with(|c: char| c.is_alphabetic());
            let word = |w: &str| w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
            if joined && word(pair[0]).chars().count() > 1 && word(pair[0]) == word(pair[1]) {
                found.push(line.to_owned());
            }
        }
    }
    found
}

/// The command names listed under a help's «Команды:» heading.
fn commands_in(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Команды:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

/// Issue 24: English left in Russian help (`Example: …`, `Print this
/// message or the help of the given subcommand(s)`), man pages (`General
/// Commands Manual`, `other`), usage errors (`invalid digit found in
/// string`), and a stutter in `check` (`скоро истекает истекает`,
/// `истёк ИСТЁК`). Every help page, every man page and a day's output.
#[test]
fn russian_help_man_pages_and_a_days_output_have_no_english_and_no_stutter() {
    let sb = Sandbox::new();
    let mut said: Vec<(String, String)> = Vec::new();
    let (_, top, _) = run_with(&sb, RU, &["--help"], "");
    said.push(("--help".into(), top.clone()));
    let mut paths: Vec<Vec<String>> = commands_in(&top)
        .into_iter()
        .filter(|c| c != "help")
        .map(|c| vec![c])
        .collect();
    let mut i = 0;
    while i < paths.len() {
        let path = paths[i].clone();
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let (code, help, err) = run_with(&sb, RU, &args, "");
        assert_eq!(code, 0, "{args:?}: {err}");
        for sub in commands_in(&help) {
            if sub != "help" {
                let mut deeper = path.clone();
                deeper.push(sub);
                paths.push(deeper);
            }
        }
        said.push((args.join(" "), help));
        i += 1;
    }
    assert!(paths.len() > 25, "{paths:?}");
    for args in [
        &["help", "help"][..],
        &["recipients", "help"],
        &["members", "help"],
    ] {
        let (_, help, _) = run_with(&sb, RU, args, "");
        said.push((args.join(" "), help));
    }
    let man = sb.path("man");
    let (code, _, err) = run_with(&sb, RU, &["man", "--dir", man.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    for page in std::fs::read_dir(&man).unwrap() {
        let page = page.unwrap().path();
        // roff requests and escapes are not words.
        let text: String = std::fs::read_to_string(&page)
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
            // An example's command line is shell, not words.
            .filter(|l| !(l.starts_with("\\fB") && l.ends_with("\\fR")))
            // A request's name (`.SH`, `.TP`) is not a word; its arguments are.
            .map(|l| match l.strip_prefix('.') {
                Some(request) => request.split_once(' ').map_or("", |(_, rest)| rest),
                None => l,
            })
            .map(|l| l.replace("\\(bu", " "))
            .map(|l| {
                l.replace("\\fB", " ")
                    .replace("\\fI", " ")
                    .replace("\\fR", " ")
            })
            .map(|l| l.replace("\\-", "-").replace('\\', " "))
            .collect::<Vec<_>>()
            .join("\n");
        // man's default for an empty manual name is "General Commands Manual".
        if !text.contains("\"Команды пользователя\"") {
            said.push((page.display().to_string(), "General Commands Manual".into()));
        }
        said.push((page.display().to_string(), text));
    }
    for args in [
        &["init", "--store", "fiel"][..],
        &["check", "--warn-days", "тридцать"],
        &["unlock", "--for", "15м"],
    ] {
        let (code, _, err) = run_with(&sb, RU, args, "");
        assert_eq!(code, 2, "{args:?}");
        // The value typed is the user's, quoted back.
        said.push((args.join(" "), err.replace("'fiel'", "")));
    }

    // A day: a store, a token that expires soon, one that has expired, an
    // export ended by Ctrl-C, history, status and check.
    sb.init_identity();
    let day =
        |d: i64| (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24 * d)).to_string();
    for (name, kind, expires, value) in [
        ("yd1", "yandex-disk", day(21), TOKEN),
        ("old2", "generic", day(-2), "value"),
    ] {
        let (code, _, err) = run_with(
            &sb,
            RU,
            &[
                "set",
                name,
                "--kind",
                kind,
                "--stdin",
                "--expires",
                &expires,
                "--force",
            ],
            value,
        );
        assert_eq!(code, 0, "{err}");
        said.push((format!("set {name}"), err));
    }
    let deploy = sb.path("deploy");
    std::fs::create_dir(&deploy).unwrap();
    let (_, _, err) = run_with(
        &sb,
        RU,
        &[
            "export",
            "yd1",
            "--dir",
            deploy.to_str().unwrap(),
            "--",
            "sh",
            "-c",
            "kill -INT $PPID; sleep 1",
        ],
        "",
    );
    let signal_named = err.contains("по сигналу SIGINT (Ctrl-C)");
    said.push(("export".into(), err));
    for args in [&["status"][..], &["check"], &["history", "yd1"], &["list"]] {
        let (_, out, err) = run_with(&sb, RU, args, "");
        said.push((args.join(" "), format!("{out}{err}")));
    }

    // Options and their value names (`--passphrase-file <FILE>`) are
    // written as typed.
    let options = regex::Regex::new(r"(^|\s|\[|\()-{1,2}[A-Za-z][A-Za-z0-9-]*|<[^>]*>").unwrap();
    let mut problems = Vec::new();
    if !signal_named {
        problems.push("export: the signal is not named SIGINT (Ctrl-C)".to_owned());
    }
    for (what, text) in &said {
        let text = options.replace_all(text, " ");
        let english = english_words(&text);
        if !english.is_empty() {
            problems.push(format!("{what}: English {english:?}"));
        }
        for line in stutters(&text) {
            problems.push(format!("{what}: stutter in {line:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Issue 24: times were UTC in three formats (`…T17:54:15Z`, `… UTC`,
/// none). Text says local time with its zone, one format, in both
/// languages; JSON keeps RFC 3339 in UTC.
#[test]
fn times_are_local_with_their_zone_and_json_stays_utc() {
    let sb = Sandbox::new();
    sb.init_identity();
    let tokyo: &[(&str, &str)] = &[("TZ", "Asia/Tokyo")];
    let (code, _, err) = run_with(&sb, tokyo, &["set", "yd", "--stdin"], TOKEN);
    assert_eq!(code, 0, "{err}");
    let moment = regex::Regex::new(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} JST  ").unwrap();
    for lang in ["ru", "en"] {
        let (_, out, _) = run_with(
            &sb,
            &[("TZ", "Asia/Tokyo"), ("CHOPVAULT_LANG", lang)],
            &["history", "yd"],
            "",
        );
        assert!(moment.is_match(&out), "{lang}: {out}");
    }
    let (_, json, _) = run_with(&sb, tokyo, &["history", "yd", "--json"], "");
    assert!(
        regex::Regex::new(r#""at": "\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z""#)
            .unwrap()
            .is_match(&json),
        "{json}"
    );
}
