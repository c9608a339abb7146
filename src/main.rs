//! The `covidactu` command: parses the arguments and hands them to their command's module.

#![warn(unreachable_pub)]

mod cli;
mod cmd;

use clap::FromArgMatches;
use cli::{Cli, Command};
use cmd::Terminal;
use covidactu::i18n::Lang;
use std::process::ExitCode;

/// Rendering allocates many short strings on both cores at once; mimalloc serves that
/// pattern faster than glibc's allocator (see the commit that brought it).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, mimalloc.h, v3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// For a one-off build or check: keep freed memory for reuse instead of handing it back to
/// the system a second later (mimalloc v3's default). A build frees and allocates in waves, and
/// every page handed back is zeroed again by the kernel when next touched. Measured on
/// 2026-12-03, `bench/ab.py --runs 5 -- check` of the 10,000-document corpus: 1.82 s
/// (CPU 3.45 s) with it, 1.96 s (CPU 3.91 s) without; first builds showed no difference.
/// `serve` and `send` keep the default, as they run for long.
fn keep_freed_memory() {
    // SAFETY: sets one of mimalloc's global options, which it reads atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

fn main() -> ExitCode {
    let term = Terminal::detect();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    Lang::detect(&args).set();
    let parsed = cli::command().try_get_matches_from(args).unwrap_or_else(|e| match cli::error_text(&e) {
        Some(text) => {
            eprint!("{text}");
            std::process::exit(2)
        }
        None => e.exit(),
    });
    let cli = Cli::from_arg_matches(&parsed).unwrap_or_else(|e| e.exit());
    let done = match cli.command {
        Command::Build(args) => {
            keep_freed_memory();
            cmd::build::run(args, term)
        }
        Command::Check(args) => {
            keep_freed_memory();
            cmd::check::run(args, term)
        }
        Command::Serve(args) => cmd::serve::run(args, term),
        Command::Email(args) => cmd::email::run(args, term),
        Command::Send(args) => cmd::send::run(args, term),
        Command::Journal(args) => cmd::journal::run(args),
        Command::Inbox(args) => cmd::inbox::run(args),
        Command::Publish(args) => cmd::publish::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Init(args) => cmd::init::run(args),
    };
    done.unwrap_or_else(|diags| {
        term.report(&diags, None);
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // The index is mimalloc's enum order: if it moved, the default read here would not
        // be the purge delay's 1,000 ms (options.c, v3).
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, 1000);
        keep_freed_memory();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }, -1);
    }
}
