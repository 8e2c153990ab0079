//! The person at the terminal, as a token flow (`login`, `rotate`) needs
//! them: answers from stdin lines (`--stdin`) or hidden prompts, what to
//! do next on stderr, a spinner while Yandex waits.

use std::collections::VecDeque;

use crate::error::Error;
use crate::lifecycle::{Person, Question, Tell};
use crate::prompt::{self, PromptError};
use crate::say::lifecycle as words;
use crate::secret::Secret;

/// Where typed answers come from: stdin lines (`--stdin`) or hidden prompts.
pub struct Terminal {
    lines: Option<VecDeque<Secret>>,
    spinner: Option<indicatif::ProgressBar>,
}

impl Terminal {
    /// Reads all of stdin now when `--stdin` was given.
    pub fn new(from_stdin: bool) -> Result<Self, Error> {
        if !from_stdin {
            return Ok(Terminal {
                lines: None,
                spinner: None,
            });
        }
        let raw = prompt::read_stdin().map_err(Error::Prompt)?;
        let text = std::str::from_utf8(&raw)
            .map_err(|_| Error::Value(crate::secret::ValueError::NotUtf8, "stdin".into()))?;
        let lines = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| Secret::parse(l.as_bytes()).map_err(|e| Error::Value(e, "stdin".into())))
            .collect::<Result<VecDeque<_>, _>>()?;
        Ok(Terminal {
            lines: Some(lines),
            spinner: None,
        })
    }
}

impl Person for Terminal {
    type Error = Error;

    /// The next answer: the next stdin line, or a hidden prompt.
    fn answer(&mut self, question: Question) -> Result<Secret, Error> {
        if let Some(lines) = &mut self.lines {
            return lines.pop_front().ok_or_else(|| {
                Error::Usage(t!("lifecycle-stdin-ended", what = words::what(question)))
            });
        }
        if !prompt::interactive() {
            return Err(Error::NeedsAnswer(words::what(question)));
        }
        let typed = prompt::hidden(&words::prompt(question)).map_err(|e| match e {
            PromptError::NoTerminal => Error::Prompt(PromptError::NoTerminal),
            other => Error::Prompt(other),
        })?;
        Secret::parse(typed.as_bytes()).map_err(|e| Error::Value(e, t!("lifecycle-prompt")))
    }

    fn tell(&mut self, what: Tell<'_>) {
        crate::ui::eprint_line(format_args!("{}", words::tell(what)));
    }

    fn waiting(&mut self, done: bool) {
        if done {
            if let Some(spinner) = self.spinner.take() {
                spinner.finish_and_clear();
            }
            return;
        }
        self.spinner
            .get_or_insert_with(|| {
                let spinner = indicatif::ProgressBar::new_spinner();
                spinner.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                spinner.set_message(words::waiting());
                spinner
            })
            .tick();
    }
}
