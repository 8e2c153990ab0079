//! `chopvault completions SHELL`: shell completions from the clap definition.
//! Opens no store.

use std::io::Write;

use clap::CommandFactory;

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};

/// Subcommands whose first argument is an entry name.
const TAKE_A_NAME: &[&str] = &[
    "get", "set", "rm", "remove", "export", "verify", "rotate", "refresh", "history", "login",
];

/// Adds entry names (from `chopvault list --names`: the local index, never
/// unlocking) to clap's static script, for the shells that allow it
/// bash (a wrapper around clap's function), fish (one more rule) and zsh
/// (the entry-name arguments call a function that lists them).
fn entry_names(shell: clap_complete::Shell, script: &mut Vec<u8>) {
    let commands = TAKE_A_NAME.join(" ");
    let extra = match shell {
        clap_complete::Shell::Bash => format!(
            r#"
# Entry names after the subcommands that take one (chopvault list --names
# reads the local index only: it never unlocks or asks a server).
_chopvault_with_names() {{
    _chopvault "$@"
    local cur="${{COMP_WORDS[COMP_CWORD]}}"
    [[ "$cur" == -* || $COMP_CWORD -lt 2 ]] && return 0
    local sub="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case "${{COMP_WORDS[i]}}" in
            -*) ;;
            *) sub="${{COMP_WORDS[i]}}"; break ;;
        esac
    done
    [[ $i -eq $((COMP_CWORD - 1)) ]] || return 0
    case " {commands} " in
        *" $sub "*)
            COMPREPLY+=( $(compgen -W "$(chopvault list --names 2>/dev/null)" -- "$cur") ) ;;
    esac
}}
complete -F _chopvault_with_names -o nosort -o bashdefault -o default chopvault
"#
        ),
        clap_complete::Shell::Fish => format!(
            r#"
# Entry names (the local index; never unlocks).
complete -c chopvault -n "__fish_seen_subcommand_from {commands}" -f -a "(chopvault list --names 2>/dev/null)"
"#
        ),
        clap_complete::Shell::Zsh => {
            // clap completes an entry-name argument with `_default` (file
            // names): point it at a function that lists entry names, defined
            // before the script's last lines call `_chopvault`.
            let text = String::from_utf8_lossy(script)
                .lines()
                .map(|line| {
                    if line.starts_with("':name -- Entry name") {
                        line.replace(":_default'", ":_chopvault_entry_names'")
                    } else {
                        line.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            let function = r#"
# Entry names (chopvault list --names reads the local index only: it never
# unlocks or asks a server).
(( $+functions[_chopvault_entry_names] )) ||
_chopvault_entry_names() {
    local -a names
    names=(${(f)"$(chopvault list --names 2>/dev/null)"})
    compadd -a names
}

"#;
            let at = text
                .rfind("if [ \"$funcstack[1]\" = \"_chopvault\" ]")
                .unwrap_or(text.len());
            let mut out = String::with_capacity(text.len() + function.len());
            out.push_str(&text[..at]);
            out.push_str(function.trim_start_matches('\n'));
            out.push_str(&text[at..]);
            if !out.ends_with('\n') {
                out.push('\n');
            }
            *script = out.into_bytes();
            return;
        }
        _ => return,
    };
    script.extend_from_slice(extra.as_bytes());
}

/// Writes the completion script to stdout. It is generated into memory
/// first: clap_complete panics when its writer fails, and stdout may be a
/// pipe whose reader has gone (then the script is dropped, exit 1).
pub fn run(args: &CompletionsArgs) -> Outcome {
    let mut script = Vec::new();
    // Descriptions shown beside commands and options follow the language.
    let lang = crate::ui::lang::current();
    let mut cmd = if lang == crate::ui::lang::Lang::En {
        Cli::command()
    } else {
        crate::ui::clap::localized(Cli::command(), lang)
    };
    clap_complete::generate(args.shell, &mut cmd, "chopvault", &mut script);
    entry_names(args.shell, &mut script);
    let written = std::io::stdout()
        .write_all(&script)
        .and_then(|()| std::io::stdout().flush());
    Outcome {
        code: u8::from(written.is_err()),
        ..Outcome::default()
    }
}
