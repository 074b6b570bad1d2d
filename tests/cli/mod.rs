//! The command line itself: every command's `--help` shows examples, and every example is a
//! command line that parses.

use crate::support::*;
use clap::Parser;
use pdmctl::cli::Cli;

/// The commands of this build (the cluster build has no `query`).
fn commands() -> Vec<&'static str> {
    let mut names = vec![
        "render",
        "plan",
        "lint",
        "sample",
        "submit",
        "stage",
        "status",
        "relaunch",
        "bootstrap",
    ];
    if cfg!(feature = "engine") {
        names.push("query");
    }
    names
}

/// The example command lines of a help text: the lines after `Examples:` that start with
/// `pdmctl` (or `sudo pdmctl`), with `\` continuations joined.
fn examples(help: &str) -> Vec<String> {
    let Some((_, after)) = help.split_once("Examples:\n") else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    let mut continued = false;
    for line in after.lines() {
        let text = line.trim();
        if continued {
            let last = out.last_mut().expect("a line to continue");
            last.push(' ');
            last.push_str(text.trim_end_matches('\\').trim());
        } else if text.starts_with("pdmctl ") || text.starts_with("sudo pdmctl ") {
            out.push(text.trim_end_matches('\\').trim().to_string());
        } else if !text.is_empty() {
            break;
        }
        continued = text.ends_with('\\');
    }
    out
}

/// Shell words of one example, up to a comment, a redirection or the next command of `&&`.
fn words(example: &str) -> Vec<Vec<String>> {
    let mut commands = vec![Vec::new()];
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut chars = example.chars().peekable();
    let flush = |word: &mut String, commands: &mut Vec<Vec<String>>| {
        if !word.is_empty() {
            commands.last_mut().unwrap().push(std::mem::take(word));
        }
    };
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => quote = Some(c),
            (None, ' ') => flush(&mut word, &mut commands),
            // A redirection or a comment starts a word; `<sha256>` inside a URI does not.
            (None, '#' | '<' | '>') if word.is_empty() => break,
            (None, '&') if chars.peek() == Some(&'&') => {
                chars.next();
                flush(&mut word, &mut commands);
                commands.push(Vec::new());
            }
            (None, c) => word.push(c),
        }
    }
    flush(&mut word, &mut commands);
    assert!(quote.is_none(), "unclosed quote in {example:?}");
    commands
        .into_iter()
        .map(|w| w.into_iter().skip_while(|w| w == "sudo").collect())
        .collect()
}

#[test]
fn every_command_shows_examples_and_each_one_parses() {
    let main = stdout(&pdmctl(repo(), &["--help"]));
    let mut all = examples(&main);
    assert!(!all.is_empty(), "pdmctl --help has no examples:\n{main}");
    for name in commands() {
        let o = pdmctl(repo(), &[name, "--help"]);
        assert!(o.status.success(), "{}", out(&o));
        let found = examples(&stdout(&o));
        assert!(
            !found.is_empty(),
            "`pdmctl {name} --help` shows no examples:\n{}",
            stdout(&o)
        );
        for e in &found {
            assert!(
                words(e).iter().any(|w| w.get(1).map(String::as_str) == Some(name)),
                "an example of `{name}` runs another command: {e}"
            );
        }
        all.extend(found);
    }
    for example in &all {
        for command in words(example) {
            if let Err(e) = Cli::try_parse_from(&command) {
                panic!("example `{example}` does not parse:\n{e}");
            }
        }
    }
}

#[test]
fn the_example_reader_joins_continuations_and_stops_at_comments() {
    let help =
        "Usage\n\nExamples:\n  pdmctl a --x 1 \\\n    --y \"two words\"   # why\n  pdmctl b < e.json\n\nMore text\n";
    let found = examples(help);
    assert_eq!(found, ["pdmctl a --x 1 --y \"two words\"   # why", "pdmctl b < e.json"]);
    assert_eq!(words(&found[0]), [vec!["pdmctl", "a", "--x", "1", "--y", "two words"]]);
    assert_eq!(
        words("sudo pdmctl c && pdmctl d --e"),
        [vec!["pdmctl", "c"], vec!["pdmctl", "d", "--e"]]
    );
    assert_eq!(
        words("pdmctl s --m s3://b/<sha256>.json"),
        [vec!["pdmctl", "s", "--m", "s3://b/<sha256>.json"]]
    );
    // A flag clap does not know fails to parse, so a stale example fails the test above.
    assert!(Cli::try_parse_from(["pdmctl", "plan", "qa", "--nope"]).is_err());
}

#[test]
fn conflicting_flags_are_refused_by_the_parser_with_exit_2() {
    let o = pdmctl(repo(), &["submit", "qa", "--dry-run", "--wait"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(stderr(&o).contains("cannot be used with"), "{}", out(&o));
}
